package io.tidemark.recorder.audio;

/**
 * Files cut on a UTC grid: a new file starts where the live UTC estimate crosses a multiple of
 * {@code segmentNs} since the Unix epoch (10:00:00, 10:10:00, ... for 600 s).
 */
public record SegmentGrid(long segmentNs) {

    public SegmentGrid {
        if (segmentNs < 1_000_000L) {
            throw new IllegalArgumentException("a segment must be at least 1 ms: " + segmentNs + " ns");
        }
    }

    /** The first grid line strictly after {@code utcNs}. */
    public long nextLineAfterNs(long utcNs) {
        return Math.floorDiv(utcNs, segmentNs) * segmentNs + segmentNs;
    }

    /** Frames in one segment at the nominal rate (the length of a file cut without a UTC estimate). */
    public long framesAt(int sampleRateHz) {
        return Math.max(1, Math.round(segmentNs * (double) sampleRateHz / 1e9));
    }
}
