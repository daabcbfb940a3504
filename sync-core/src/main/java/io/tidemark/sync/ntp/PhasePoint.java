package io.tidemark.sync.ntp;

/**
 * One measurement of a reference timescale against the raw clock: at CLOCK_MONOTONIC_RAW
 * {@code monoRawNs} the reference read {@code monoRawNs + phaseNs}.
 *
 * @param monoRawNs the raw clock at the measurement
 * @param phaseNs   reference time minus raw clock, ns
 * @param sigmaNs   the measurement's standard uncertainty, ns (> 0)
 */
public record PhasePoint(long monoRawNs, long phaseNs, double sigmaNs) {
    public PhasePoint {
        if (!(sigmaNs > 0)) {
            throw new IllegalArgumentException("sigmaNs must be > 0, not " + sigmaNs);
        }
    }
}
