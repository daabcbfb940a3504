package io.tidemark.analysis.deployment;

import io.tidemark.analysis.model.InputLatency;

import java.nio.file.Path;
import java.util.List;

/**
 * One session of a deployment as a span of the deployment's timeline.
 *
 * @param dir               the session folder
 * @param frames            frames recorded (the sample counter at the end of the last buffer)
 * @param firstUtcNs        UTC ns of its first sample
 * @param endUtcNs          UTC ns at which its last sample ended
 * @param uncertaintyNs     1-sigma uncertainty of those instants, ns (the larger)
 * @param timeSource        {@link SessionTimes#MODEL} or {@link SessionTimes#LIVE}
 * @param stopReason        sessions.stop_reason, or null when the session never stopped (and was not repaired)
 * @param bootId            the kernel's boot id when it began, or null (before schema 4)
 * @param endedOnDeviceLoss its last device event is a loss the device never came back from
 * @param files             its audio files, in sample order
 * @param inputLatency      the input latency taken out of its times (marks or calibration), or
 *                          {@link InputLatency#NONE} (also for the live estimate, which no correction touches)
 */
public record SessionSpan(Path dir, String sessionId, int sampleRateHz, int channels, int bitsPerSample,
                          long startRealtimeNs, long frames, long firstUtcNs, long endUtcNs, long uncertaintyNs,
                          String timeSource, String stopReason, String bootId, boolean endedOnDeviceLoss,
                          List<String> channelNames, List<IndexEntry> files, InputLatency inputLatency) {

    public SessionSpan {
        channelNames = List.copyOf(channelNames);
        files = List.copyOf(files);
    }

    /** True when {@code utcNs} lies between its first sample and the end of its last. */
    public boolean contains(long utcNs) {
        return utcNs >= firstUtcNs && utcNs < endUtcNs;
    }

    public long durationNs() {
        return endUtcNs - firstUtcNs;
    }
}
