package io.tidemark.analysis.deployment;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One UTC day of a deployment. Recorded time and gaps come from the sessions' sample counters and
 * stamps (their spans), never from file names or sizes; events, NTP samples and clock events are put
 * on the day of their CLOCK_REALTIME stamp.
 *
 * @param recordedNs        time covered by sessions in the day
 * @param gaps              gaps between sessions overlapping the day, with the part inside the day
 * @param sessionsStarted   sessions whose first sample falls in the day (restarts and the first start)
 * @param eventCounts       events per kind (the events table's kind, as stored, unknown kinds included)
 * @param channelEvents     level, silence and clip events (kinds starting level/silent/clip, any case): count and
 *                          frames (the events' frames column summed) per kind
 * @param clockSteps        clock_step events plus clock_events of kind step
 * @param sourceChanges     ntp_server_change events plus clock_events of kind source
 * @param ntpSamples        accepted NTP samples
 * @param ntpOffsetMedianNs median offset of the accepted samples (null without any)
 * @param ntpOffsetMinNs    smallest offset (null without any)
 * @param ntpOffsetMaxNs    largest offset (null without any)
 * @param ntpServers        the servers answering that day
 * @param audioDataBytes    audio bytes of the frames recorded in the day (sample counters × channels × bytes)
 * @param fileBytesOnDisk   sizes on disk of the files that started in the day
 */
public record DailySummary(LocalDate day, long recordedNs, List<DayGap> gaps, int sessionsStarted,
                           Map<String, Long> eventCounts, Map<String, long[]> channelEvents, long clockSteps,
                           long sourceChanges, long ntpSamples, Long ntpOffsetMedianNs, Long ntpOffsetMinNs,
                           Long ntpOffsetMaxNs, List<String> ntpServers, long audioDataBytes, long fileBytesOnDisk,
                           List<FieldNote> notes) {

    /** A gap, and how much of it lies in the day. */
    public record DayGap(Gap gap, long inDayNs) {
    }

    public static final long DAY_NS = 86_400_000_000_000L;

    public long gapNs() {
        return gaps.stream().mapToLong(DayGap::inDayNs).sum();
    }
}
