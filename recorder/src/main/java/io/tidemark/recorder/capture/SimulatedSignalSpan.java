package io.tidemark.recorder.capture;

/**
 * A stretch of the simulated device's signal changed on one channel, counted on the device's own clock from its
 * power-on: {@link Kind#SILENT} (digital silence, a dead microphone) or {@link Kind#CLIP} (a full-scale square
 * wave, every sample at or beyond full scale). It lets a test give the station's health something to find.
 *
 * @param channel    1-based channel
 * @param kind       what the channel carries during the span
 * @param fromNs     start, device time after power-on
 * @param durationNs length
 */
public record SimulatedSignalSpan(int channel, Kind kind, long fromNs, long durationNs) {

    public enum Kind { SILENT, CLIP }

    public SimulatedSignalSpan {
        if (channel < 1 || fromNs < 0 || durationNs <= 0 || kind == null) {
            throw new IllegalArgumentException("a signal span needs a channel >= 1, a start >= 0 and a positive length");
        }
    }

    /** The first device frame of the span at {@code rateHz}. */
    long firstFrame(int rateHz) {
        return Math.floorDiv(fromNs, 1_000_000_000L) * rateHz + Math.floorMod(fromNs, 1_000_000_000L) * rateHz / 1_000_000_000L;
    }

    /** The device frame after the span. */
    long endFrame(int rateHz) {
        long end = fromNs + durationNs;
        return Math.floorDiv(end, 1_000_000_000L) * rateHz + Math.floorMod(end, 1_000_000_000L) * rateHz / 1_000_000_000L;
    }
}
