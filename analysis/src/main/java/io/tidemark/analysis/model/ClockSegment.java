package io.tidemark.analysis.model;

/**
 * A stretch of recording over which the device's sample clock is continuous: the map from sample
 * index to CLOCK_MONOTONIC_RAW ns, and what started the stretch.
 *
 * @param firstSample      first sample index covered
 * @param endSample        one past the last sample covered
 * @param startReason      why a new segment began here ("start", "dropout of 3 buffers", "device reopened", ...)
 * @param buffers          buffer stamps used
 * @param residualRmsNs    RMS of the stamps above (or around) the fitted curve: the arrival latency's spread
 * @param minLatencyNs     smallest residual: how close the envelope came to the stamps (0 for an envelope)
 * @param sampleToRawNs    the fitted map, sample index → CLOCK_MONOTONIC_RAW ns
 */
public record ClockSegment(long firstSample, long endSample, String startReason, long buffers, double residualRmsNs,
                           double minLatencyNs, KnotCurve sampleToRawNs) {

    public boolean contains(long sample) {
        return sample >= firstSample && sample < endSample;
    }
}
