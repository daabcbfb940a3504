package io.tidemark.sync.sim;

import java.util.SplittableRandom;

/**
 * A simulated crystal: its local time as a function of true time. Its fractional frequency error is
 * a fixed offset plus a random walk ("wander"), piecewise constant over {@link #KNOT_NS} steps.
 * Phase is integrated exactly across steps, so a 120-day run accumulates no rounding error.
 *
 * <p>Only a window of recent steps is kept; queries may reach back {@link #WINDOW_KNOTS} steps
 * behind the newest one. The mapping is strictly increasing, so it has an inverse.
 */
public final class Oscillator {

    public static final long KNOT_NS = 1_000_000_000L;
    static final int WINDOW_KNOTS = 4096;

    private final double wanderPerKnot;
    private final SplittableRandom random;

    // Ring buffer of knots: true time, local phase (integer ns + fraction), rate error after the knot.
    private final long[] knotTrueNs = new long[WINDOW_KNOTS];
    private final long[] knotLocalNs = new long[WINDOW_KNOTS];
    private final double[] knotLocalFracNs = new double[WINDOW_KNOTS];
    private final double[] knotRate = new double[WINDOW_KNOTS];
    private long newest; // absolute index of newest knot
    private long cursor; // absolute index of the knot last used, for the monotone common case

    /**
     * @param startTrueNs           true time at which the local clock reads {@code startLocalNs}
     * @param startLocalNs          local reading at start
     * @param ratePpm               fixed frequency error: local runs fast by this many ppm
     * @param wanderPpmPerSqrtHour  standard deviation of the frequency's random walk after one hour, ppm
     * @param seed                  random seed: the same seed replays the same wander
     */
    public Oscillator(long startTrueNs, long startLocalNs, double ratePpm, double wanderPpmPerSqrtHour, long seed) {
        this.wanderPerKnot = wanderPpmPerSqrtHour * 1e-6 * Math.sqrt(KNOT_NS / 3.6e12);
        this.random = new SplittableRandom(seed);
        knotTrueNs[0] = startTrueNs;
        knotLocalNs[0] = startLocalNs;
        knotLocalFracNs[0] = 0;
        knotRate[0] = ratePpm * 1e-6;
        newest = 0;
        cursor = 0;
    }

    private int slot(long index) {
        return (int) (index % WINDOW_KNOTS);
    }

    private void extendTo(long trueNs) {
        while (knotTrueNs[slot(newest)] + KNOT_NS <= trueNs) {
            int s = slot(newest);
            int n = slot(newest + 1);
            double local = knotLocalFracNs[s] + KNOT_NS * (1.0 + knotRate[s]);
            long whole = (long) Math.floor(local);
            knotTrueNs[n] = knotTrueNs[s] + KNOT_NS;
            knotLocalNs[n] = knotLocalNs[s] + whole;
            knotLocalFracNs[n] = local - whole;
            knotRate[n] = knotRate[s] + (wanderPerKnot == 0 ? 0 : wanderPerKnot * random.nextGaussian());
            newest++;
        }
    }

    private long oldest() {
        return Math.max(0, newest - WINDOW_KNOTS + 1);
    }

    private long knotForTrue(long trueNs) {
        extendTo(trueNs);
        long i = Math.min(Math.max(cursor, oldest()), newest);
        while (i > oldest() && knotTrueNs[slot(i)] > trueNs) {
            i--;
        }
        while (i < newest && knotTrueNs[slot(i + 1)] <= trueNs) {
            i++;
        }
        if (knotTrueNs[slot(i)] > trueNs) {
            throw new IllegalArgumentException("true time " + trueNs + " is before the oscillator's window");
        }
        cursor = i;
        return i;
    }

    /** Local reading, in ns, at true time {@code trueNs}. */
    public long localNsAt(long trueNs) {
        int s = slot(knotForTrue(trueNs));
        double local = knotLocalFracNs[s] + (trueNs - knotTrueNs[s]) * (1.0 + knotRate[s]);
        return knotLocalNs[s] + (long) Math.floor(local);
    }

    /** Fractional frequency error in ppm at true time {@code trueNs}. */
    public double ratePpmAt(long trueNs) {
        return knotRate[slot(knotForTrue(trueNs))] * 1e6;
    }

    /** The true time at which the local clock reads {@code localNs} (to within 1 ns). */
    public long trueNsAt(long localNs) {
        // Walk forward in true time until the knot that contains localNs.
        long i = Math.min(Math.max(cursor, oldest()), newest);
        while (i > oldest() && knotLocalNs[slot(i)] > localNs) {
            i--;
        }
        while (true) {
            int s = slot(i);
            double span = KNOT_NS * (1.0 + knotRate[s]);
            double into = (localNs - knotLocalNs[s]) - knotLocalFracNs[s];
            if (into < span || into < 0) {
                cursor = i;
                return knotTrueNs[s] + (long) Math.ceil(into / (1.0 + knotRate[s]));
            }
            if (i == newest) {
                extendTo(knotTrueNs[s] + KNOT_NS);
            }
            i++;
        }
    }
}
