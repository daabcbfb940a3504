package io.tidemark.analysis.model;

/**
 * CLOCK_MONOTONIC_RAW → UTC over one stretch referenced to one source.
 *
 * @param source          the NTP server, or "system clock" when no NTP sample was usable
 * @param firstRawNs      raw time of the first reference point
 * @param lastRawNs       raw time of the last reference point
 * @param points          reference points offered
 * @param pointsUsed      points that passed the delay filter and the outlier test
 * @param minDelayNs      the smallest round trip: half of it bounds the error any path asymmetry can cause
 * @param residualRmsNs   RMS of the used points about the curve
 * @param rawToOffsetNs   raw ns → (UTC − raw) ns
 */
public record UtcSegment(String source, long firstRawNs, long lastRawNs, int points, int pointsUsed, long minDelayNs,
                         double residualRmsNs, KnotCurve rawToOffsetNs) {
}
