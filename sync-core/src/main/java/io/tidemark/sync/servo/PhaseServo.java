package io.tidemark.sync.servo;

import java.util.ArrayDeque;

/**
 * Phase from NTP. Each accepted NTP sample gives an offset (UTC − CLOCK_REALTIME) whose error grows
 * with the exchange's queueing delay, so the estimate is the offset of the least-delayed of the last
 * {@code filterSamples} samples (chrony's and ntpd's clock filter), corrected for the phase we slewed
 * since it was taken. A PI loop turns that estimate into a frequency correction: proportional
 * (offset / τ, a bounded slew) plus integral (the residual frequency PTP does not supply, or all of it
 * without PTP). Critically damped: Ki = 1 / (4τ²).
 */
public final class PhaseServo {

    public record Config(int filterSamples, double proportionalTauS, double maxSlewPpm) {
        public static Config defaults() {
            return new Config(8, 256.0, 100.0);
        }
    }

    private record Entry(long offsetNs, long delayNs, double slewedAtNs) {
    }

    private final Config config;
    private final ArrayDeque<Entry> window = new ArrayDeque<>();
    private double integralPpm;
    private double slewPpm;
    private double estimateNs;
    private boolean haveEstimate;

    public PhaseServo(Config config) {
        this.config = config;
    }

    /**
     * Adds an accepted NTP sample and returns the filtered offset now, ns.
     *
     * @param slewedNowNs the phase the engine has slewed in total so far (∫ slew dt), ns
     */
    public double add(long offsetNs, long delayNs, double slewedNowNs) {
        window.addLast(new Entry(offsetNs, delayNs, slewedNowNs));
        while (window.size() > config.filterSamples()) {
            window.removeFirst();
        }
        Entry best = null;
        for (Entry e : window) {
            if (best == null || e.delayNs < best.delayNs) {
                best = e;
            }
        }
        estimateNs = best.offsetNs - (slewedNowNs - best.slewedAtNs);
        haveEstimate = true;
        return estimateNs;
    }

    /**
     * Updates the loop with the current estimate, {@code intervalS} after the previous update. While the slew
     * is at its bound the integral is held (anti-windup): a large offset slewed out during a recording would
     * otherwise wind it up and drive the phase far past zero.
     */
    public void update(double intervalS, double tauS) {
        double offsetS = estimateNs * 1e-9;
        double p = offsetS / tauS * 1e6;
        slewPpm = Math.max(-config.maxSlewPpm(), Math.min(config.maxSlewPpm(), p));
        if (slewPpm == p) {
            integralPpm += offsetS / (4 * tauS * tauS) * Math.min(intervalS, tauS) * 1e6;
        }
    }

    /** Forget the samples (after a step, they describe a clock that no longer exists). */
    public void clearSamples() {
        window.clear();
        haveEstimate = false;
        estimateNs = 0;
        slewPpm = 0;
    }

    public int samples() {
        return window.size();
    }

    public boolean hasEstimate() {
        return haveEstimate;
    }

    public double estimateNs() {
        return estimateNs;
    }

    public double slewPpm() {
        return slewPpm;
    }

    public double integralPpm() {
        return integralPpm;
    }

    public void setIntegralPpm(double ppm) {
        integralPpm = ppm;
    }

    public Config config() {
        return config;
    }
}
