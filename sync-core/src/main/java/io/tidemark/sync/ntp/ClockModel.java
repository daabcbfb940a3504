package io.tidemark.sync.ntp;

/**
 * A reference timescale (UTC from NTP) as a straight line in CLOCK_MONOTONIC_RAW, with its
 * uncertainty: reference(raw) = raw + phaseNs + frequencyPpm·1e-6·(raw − referenceMonoRawNs).
 * Immutable: the client publishes a new one after each fit, and readers on other threads use the
 * one they got.
 *
 * @param referenceMonoRawNs raw clock at which {@code phaseNs} holds (the fit's weighted centre)
 * @param phaseNs            reference minus raw clock at {@code referenceMonoRawNs}
 * @param frequencyPpm       how fast the reference gains on the raw clock, ppm (the raw clock's
 *                           frequency error with the sign reversed)
 * @param phaseVarianceNs2   variance of {@code phaseNs}, ns²
 * @param frequencyVariance  variance of the frequency as a pure ratio (ppm·1e-6)²
 * @param covariance         covariance of phase (ns) and frequency (ratio)
 * @param points             how many measurements went into it
 * @param spanNs             raw-clock span of those measurements
 */
public record ClockModel(long referenceMonoRawNs, long phaseNs, double frequencyPpm, double phaseVarianceNs2,
                         double frequencyVariance, double covariance, int points, long spanNs) {

    /** The reference time at raw clock {@code monoRawNs}. */
    public long referenceNsAt(long monoRawNs) {
        long dx = monoRawNs - referenceMonoRawNs;
        return monoRawNs + phaseNs + Math.round(dx * frequencyPpm * 1e-6);
    }

    /** Standard uncertainty (1σ) of {@link #referenceNsAt} at {@code monoRawNs}, ns. */
    public double uncertaintyNsAt(long monoRawNs) {
        double dx = monoRawNs - referenceMonoRawNs;
        double v = phaseVarianceNs2 + 2 * dx * covariance + dx * dx * frequencyVariance;
        return Math.sqrt(Math.max(v, 0));
    }

    public double frequencyUncertaintyPpm() {
        return Math.sqrt(Math.max(frequencyVariance, 0)) * 1e6;
    }
}
