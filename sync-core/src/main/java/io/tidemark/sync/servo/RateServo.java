package io.tidemark.sync.servo;

import java.util.ArrayDeque;

/**
 * Estimates the local oscillator's rate against a reference (a PTP grandmaster) from pairs
 * (reference time, local raw time), open loop: the raw clock is never steered, so the estimate does
 * not chase its own corrections.
 *
 * <p>How: network jitter only ever delays a packet, so within each bucket of reference time the
 * sample with the smallest (local − reference) — after removing the current slope — is the least
 * delayed (a lower envelope). A least-squares line through the recent bucket minima gives the rate
 * and its standard error. A bucket minimum far off the line (> {@code spikeSigmas} σ and more than
 * {@code spikeFloorNs}) is a spike and is dropped; {@code maxSpikes} in a row mean the line is stale
 * and the window restarts.
 *
 * <p>States: ACQ until {@code minBuckets}; PROD; LOCK when the standard error falls below
 * {@code lockEnterPpm} (left above {@code lockLeavePpm}: hysteresis); NANO likewise with the nano
 * thresholds. After a soft reset (new grandmaster) the kept estimate is confirmed instead of
 * relearned: LOCK returns as soon as {@code minBuckets} agree with it.
 */
public final class RateServo implements Servo {

    public record Config(long bucketNs, int minBuckets, int maxBuckets, double lockEnterPpm, double lockLeavePpm,
                         double nanoEnterPpm, double nanoLeavePpm, double spikeSigmas, long spikeFloorNs,
                         int maxSpikes, double confirmSigmas, double confirmMaxSePpm) {

        public static Config defaults() {
            return new Config(1_000_000_000L, 4, 128, 1.0, 2.0, 0.03, 0.06, 6.0, 50_000, 5, 4.0, 5.0);
        }
    }

    private record Point(long refNs, long deltaNs) {
    }

    private final Config config;
    private final ArrayDeque<Point> points = new ArrayDeque<>();

    // bucket being filled
    private long bucketStartRefNs = Long.MIN_VALUE;
    private Point bucketMin;
    private double bucketMinKey;

    private double estimatePpm;
    private double standardErrorPpm = Double.POSITIVE_INFINITY;
    private boolean haveEstimate;
    private boolean confirming;
    private double keptPpm;
    private double keptSePpm; // > 0 while a kept estimate is blended with the new line
    private int consecutiveSpikes;
    private long spikes;
    private ServoState state = ServoState.ACQ;
    private long originRefNs;
    private long originDeltaNs;

    public RateServo(Config config) {
        this.config = config;
    }

    public RateServo() {
        this(Config.defaults());
    }

    @Override
    public boolean sample(long referenceNs, long localNs) {
        long delta = localNs - referenceNs;
        if (bucketStartRefNs != Long.MIN_VALUE
                && (referenceNs - bucketStartRefNs >= config.bucketNs() || referenceNs < bucketStartRefNs)) {
            closeBucket();
            if (bucketStartRefNs != Long.MIN_VALUE) {
                bucketStartRefNs = referenceNs;
            }
        }
        if (bucketStartRefNs == Long.MIN_VALUE) {
            bucketStartRefNs = referenceNs;
            originRefNs = referenceNs;
            originDeltaNs = delta;
        }
        // compare after removing the slope known so far, so the minimum is the least delayed sample
        double key = (delta - originDeltaNs) - estimateOrKept() * 1e-6 * (referenceNs - originRefNs);
        if (bucketMin == null || key < bucketMinKey) {
            bucketMin = new Point(referenceNs, delta);
            bucketMinKey = key;
        }
        return true;
    }

    private double estimateOrKept() {
        return haveEstimate ? estimatePpm : (confirming ? keptPpm : 0.0);
    }

    private void closeBucket() {
        if (bucketMin == null) {
            return;
        }
        Point p = bucketMin;
        bucketMin = null;
        if (points.size() >= config.minBuckets() && isSpike(p)) {
            spikes++;
            if (++consecutiveSpikes >= config.maxSpikes()) {
                // the line no longer describes the reference (a jump): start over, keep the rate
                reset(true);
            }
            return;
        }
        consecutiveSpikes = 0;
        points.addLast(p);
        while (points.size() > config.maxBuckets()) {
            points.removeFirst();
        }
        fit();
        updateState();
    }

    private double[] line; // intercept (relative to first point), slope (ns/ns), residual sigma

    private boolean isSpike(Point p) {
        if (line == null) {
            return false;
        }
        Point first = points.peekFirst();
        double predicted = line[0] + line[1] * (p.refNs - first.refNs);
        double residual = (p.deltaNs - first.deltaNs) - predicted;
        return Math.abs(residual) > Math.max(config.spikeSigmas() * line[2], config.spikeFloorNs());
    }

    private void fit() {
        int n = points.size();
        if (n < 2) {
            return;
        }
        Point first = points.peekFirst();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : points) {
            double x = p.refNs - first.refNs;
            double y = p.deltaNs - first.deltaNs;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double mx = sx / n, my = sy / n;
        double vxx = sxx - n * mx * mx;
        if (vxx <= 0) {
            return;
        }
        double slope = (sxy - n * mx * my) / vxx;
        double intercept = my - slope * mx;
        double ssr = 0;
        for (Point p : points) {
            double x = p.refNs - first.refNs;
            double r = (p.deltaNs - first.deltaNs) - (intercept + slope * x);
            ssr += r * r;
        }
        double sigma = n > 2 ? Math.sqrt(ssr / (n - 2)) : Double.POSITIVE_INFINITY;
        line = new double[]{intercept, slope, sigma};
        if (n >= config.minBuckets()) {
            estimatePpm = slope * 1e6;
            // the floor keeps a perfect line (no jitter) from claiming infinite precision
            standardErrorPpm = Math.max(sigma, 1.0) / Math.sqrt(vxx) * 1e6;
            haveEstimate = true;
        }
    }

    private void updateState() {
        if (haveEstimate && keptSePpm > 0 && standardErrorPpm <= keptSePpm) {
            keptSePpm = 0;
        }
        if (!haveEstimate) {
            state = ServoState.ACQ;
            return;
        }
        double se = standardErrorPpm;
        if (confirming) {
            // soft reset: the kept frequency is trusted when the new line agrees with it
            if (se < config.confirmMaxSePpm() && Math.abs(estimatePpm - keptPpm) < config.confirmSigmas() * se
                    + config.lockEnterPpm() / 2) {
                confirming = false;
                state = ServoState.LOCK;
            } else {
                state = ServoState.PROD;
                return;
            }
        }
        switch (state) {
            case ACQ, PROD -> state = se < config.lockEnterPpm() ? ServoState.LOCK : ServoState.PROD;
            case LOCK -> state = se > config.lockLeavePpm() ? ServoState.PROD
                    : se < config.nanoEnterPpm() ? ServoState.NANO : ServoState.LOCK;
            case NANO -> state = se > config.lockLeavePpm() ? ServoState.PROD
                    : se > config.nanoLeavePpm() ? ServoState.LOCK : ServoState.NANO;
            default -> state = ServoState.PROD;
        }
    }

    /** The local oscillator's rate against the reference, ppm (positive: local runs fast). */
    @Override
    public double estimatePpm() {
        if (!haveEstimate) {
            return confirming || keptSePpm > 0 ? keptPpm : 0.0;
        }
        if (keptSePpm > 0 && standardErrorPpm > keptSePpm) {
            // a new line is still shorter than the old one was: weigh both by their precision
            double wNew = 1 / (standardErrorPpm * standardErrorPpm);
            double wKept = 1 / (keptSePpm * keptSePpm);
            return (wNew * estimatePpm + wKept * keptPpm) / (wNew + wKept);
        }
        return estimatePpm;
    }

    @Override
    public boolean hasEstimate() {
        return haveEstimate || confirming;
    }

    @Override
    public double standardErrorPpm() {
        return standardErrorPpm;
    }

    @Override
    public long spikes() {
        return spikes;
    }

    @Override
    public int buckets() {
        return points.size();
    }

    @Override
    public ServoState state() {
        return state;
    }

    @Override
    public void reset(boolean keepEstimate) {
        boolean keep = keepEstimate && hasEstimate();
        double se = haveEstimate ? standardErrorPpm : keptSePpm;
        keptPpm = keep ? estimatePpm() : 0.0;
        keptSePpm = keep && Double.isFinite(se) ? Math.max(se, 1e-4) : 0.0;
        confirming = keep;
        points.clear();
        line = null;
        bucketMin = null;
        bucketStartRefNs = Long.MIN_VALUE;
        haveEstimate = false;
        standardErrorPpm = Double.POSITIVE_INFINITY;
        consecutiveSpikes = 0;
        state = keep ? ServoState.PROD : ServoState.ACQ;
    }
}
