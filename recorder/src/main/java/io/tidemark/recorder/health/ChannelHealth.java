package io.tidemark.recorder.health;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges every channel from its level windows: silent (a dead microphone: RMS below a threshold for
 * a set time) and clipping (samples at full scale; the state ends after a quiet spell, so a burst is
 * one span, not one event per second). It answers only changes, each dated, for events and alerts.
 */
public final class ChannelHealth {

    /** A channel's condition began or ended at {@code atNs}. */
    public record Change(int channel, Condition condition, boolean on, long atNs, String detail) {
    }

    public enum Condition { SILENT, CLIPPING }

    private final SilenceDetector[] silence;
    private final long clipQuietNs;
    private final long[] clipSinceNs;
    private final long[] lastClipNs;
    private final long[] clippedInSpan;

    /**
     * @param silentDbfs  RMS below which a channel counts as silent
     * @param silentForNs how long it must stay there
     * @param clipQuietNs how long without a clipped sample ends a clipping span
     */
    public ChannelHealth(int channels, double silentDbfs, long silentForNs, long clipQuietNs) {
        this.silence = new SilenceDetector[channels];
        for (int c = 0; c < channels; c++) {
            silence[c] = new SilenceDetector(silentDbfs, silentForNs);
        }
        this.clipQuietNs = clipQuietNs;
        this.clipSinceNs = new long[channels];
        this.lastClipNs = new long[channels];
        this.clippedInSpan = new long[channels];
        java.util.Arrays.fill(clipSinceNs, Long.MIN_VALUE);
    }

    /** Feeds one window of every channel, ending at {@code endNs} and {@code windowNs} long; returns the changes. */
    public List<Change> window(ChannelLevel[] levels, long endNs, long windowNs) {
        List<Change> changes = new ArrayList<>(0);
        for (int c = 0; c < levels.length; c++) {
            ChannelLevel l = levels[c];
            int channel = c + 1;
            silence[c].window(endNs, l.rmsDbfs(), windowNs).ifPresent(s -> changes.add(new Change(channel,
                    Condition.SILENT, s.silent(), s.atNs(), String.format(java.util.Locale.ROOT, "RMS %.1f dBFS",
                    s.rmsDbfs()))));
            if (l.clippedSamples() > 0) {
                if (clipSinceNs[c] == Long.MIN_VALUE) {
                    clipSinceNs[c] = endNs - windowNs;
                    clippedInSpan[c] = 0;
                    changes.add(new Change(channel, Condition.CLIPPING, true, clipSinceNs[c],
                            String.format(java.util.Locale.ROOT, "peak %+.1f dBFS", l.peakDbfs())));
                }
                clippedInSpan[c] += l.clippedSamples();
                lastClipNs[c] = endNs;
            } else if (clipSinceNs[c] != Long.MIN_VALUE && endNs - lastClipNs[c] >= clipQuietNs) {
                changes.add(new Change(channel, Condition.CLIPPING, false, lastClipNs[c],
                        clippedInSpan[c] + " clipped samples"));
                clipSinceNs[c] = Long.MIN_VALUE;
            }
        }
        return changes;
    }

    public boolean silent(int channel) {
        return silence[channel - 1].silent();
    }

    public boolean clipping(int channel) {
        return clipSinceNs[channel - 1] != Long.MIN_VALUE;
    }
}
