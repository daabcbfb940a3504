package io.tidemark.analysis.marks;

import io.tidemark.common.UtcNanos;
import java.time.Instant;

/**
 * A simulated converter's sample clock: {@code ppm} fast, with a slow sinusoidal wander of
 * {@code wanderPpm} amplitude (period 200 s), starting at {@code start}.
 */
final class SimulatedDeviceClock {

    private static final double WANDER_PERIOD_S = 200;

    private final long startUtcNs;
    private final int sampleRateHz;
    private final double nsPerSample;
    private final double wanderAmplitudeNs;

    SimulatedDeviceClock(Instant start, int sampleRateHz, double ppm, double wanderPpm) {
        this.startUtcNs = UtcNanos.toEpochNs(start);
        this.sampleRateHz = sampleRateHz;
        this.nsPerSample = 1e9 / (sampleRateHz * (1 + ppm * 1e-6));
        this.wanderAmplitudeNs = wanderPpm * 1e-6 * WANDER_PERIOD_S * 1e9 / (2 * Math.PI);
    }

    /** UTC at which the device takes sample {@code k}. */
    long utcNsAt(long k) {
        return startUtcNs + Math.round(offsetNs(k));
    }

    /** UTC of a fractional sample position. */
    long utcNsAt(double positionSamples) {
        return startUtcNs + Math.round(offsetNs(positionSamples));
    }

    private double offsetNs(double k) {
        return k * nsPerSample + wanderAmplitudeNs * Math.sin(2 * Math.PI * k / (WANDER_PERIOD_S * sampleRateHz));
    }
}
