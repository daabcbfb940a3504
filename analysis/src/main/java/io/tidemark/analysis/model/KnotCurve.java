package io.tidemark.analysis.model;

import java.util.Arrays;

/**
 * A continuous, piecewise-linear map from one int64 axis to another (sample index → ns, or ns → ns),
 * given by knots with a 1-sigma uncertainty each. Between knots it interpolates linearly; beyond the
 * ends it extrapolates with the end interval's slope, and its uncertainty grows with the distance
 * (the slope's own uncertainty times the distance, plus {@code wanderPerSqrtX} for the unmodelled
 * random walk of a crystal's rate). Differences are taken in int64 before they become doubles, so
 * 120 days in ns keep sub-ns resolution.
 */
public final class KnotCurve {

    private final long[] x;
    private final long[] y;
    private final double[] sigma;
    private final double extrapolationSlopeSigma;
    private final double singleKnotSlope; // the slope of a one-knot curve; NaN otherwise

    /**
     * @param x                        strictly increasing knot abscissae
     * @param y                        knot values
     * @param sigma                    1-sigma uncertainty of each knot value, in y units
     * @param extrapolationSlopeSigma  uncertainty of the slope used beyond the ends (y units per x unit)
     */
    public KnotCurve(long[] x, long[] y, double[] sigma, double extrapolationSlopeSigma) {
        this(x, y, sigma, extrapolationSlopeSigma, Double.NaN);
    }

    private KnotCurve(long[] x, long[] y, double[] sigma, double extrapolationSlopeSigma, double singleKnotSlope) {
        if (x.length == 0 || x.length != y.length || x.length != sigma.length) {
            throw new IllegalArgumentException("need at least one knot and equal lengths");
        }
        for (int i = 1; i < x.length; i++) {
            if (x[i] <= x[i - 1]) {
                throw new IllegalArgumentException("knots must increase: " + x[i - 1] + " then " + x[i]);
            }
        }
        this.x = x;
        this.y = y;
        this.sigma = sigma;
        this.extrapolationSlopeSigma = extrapolationSlopeSigma;
        this.singleKnotSlope = x.length == 1 ? (Double.isNaN(singleKnotSlope) ? 0 : singleKnotSlope) : Double.NaN;
    }

    /** A single knot with a known slope (a one-point segment). */
    public static KnotCurve line(long x0, long y0, double slope, double sigma0, double slopeSigma) {
        return new KnotCurve(new long[]{x0}, new long[]{y0}, new double[]{sigma0}, slopeSigma, slope);
    }

    public int size() {
        return x.length;
    }

    public long knotX(int i) {
        return x[i];
    }

    public long knotY(int i) {
        return y[i];
    }

    public double knotSigma(int i) {
        return sigma[i];
    }

    public long firstX() {
        return x[0];
    }

    public long lastX() {
        return x[x.length - 1];
    }

    public double extrapolationSlopeSigma() {
        return extrapolationSlopeSigma;
    }

    /** Index of the interval [k, k+1] used for {@code at}; clamps to the end intervals. */
    private int interval(long at) {
        if (x.length == 1) {
            return 0;
        }
        int i = Arrays.binarySearch(x, at);
        if (i < 0) {
            i = -i - 2;
        }
        return Math.max(0, Math.min(x.length - 2, i));
    }

    public double slopeAt(long at) {
        if (x.length == 1) {
            return singleKnotSlope;
        }
        int k = interval(at);
        return (double) (y[k + 1] - y[k]) / (double) (x[k + 1] - x[k]);
    }

    /** The value at {@code at}, rounded to a whole unit. */
    public long valueAt(long at) {
        int k = interval(at);
        if (x.length == 1) {
            return y[0] + Math.round((at - x[0]) * singleKnotSlope);
        }
        long dx = at - x[k];
        double s = (double) (y[k + 1] - y[k]) / (double) (x[k + 1] - x[k]);
        return y[k] + Math.round(dx * s);
    }

    /** The value at a fractional abscissa (for the resampler), relative to {@code base}. */
    public double valueAtRelative(double at, long base) {
        long whole = (long) Math.floor(at);
        int k = interval(whole);
        if (x.length == 1) {
            return (y[0] - base) + (at - x[0]) * singleKnotSlope;
        }
        double s = (double) (y[k + 1] - y[k]) / (double) (x[k + 1] - x[k]);
        return (y[k] - base) + ((whole - x[k]) + (at - whole)) * s;
    }

    /** 1-sigma uncertainty at {@code at}: interpolated inside, growing with distance outside. */
    public double sigmaAt(long at) {
        if (at <= x[0]) {
            return Math.hypot(sigma[0], (double) (x[0] - at) * extrapolationSlopeSigma);
        }
        int last = x.length - 1;
        if (at >= x[last]) {
            return Math.hypot(sigma[last], (double) (at - x[last]) * extrapolationSlopeSigma);
        }
        int k = interval(at);
        double f = (double) (at - x[k]) / (double) (x[k + 1] - x[k]);
        return sigma[k] * (1 - f) + sigma[k + 1] * f;
    }

    /**
     * The abscissa where the curve reaches {@code value}, as a double (the curve must increase).
     * Doubles hold a 120-day sample index to ~1e-4 of a sample.
     */
    public double inverse(long value) {
        if (x.length == 1) {
            return x[0] + (value - y[0]) / singleKnotSlope;
        }
        int lo = 0;
        int hi = x.length - 1;
        if (value <= y[0]) {
            hi = 1;
        } else if (value >= y[hi]) {
            lo = hi - 1;
        } else {
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (y[mid] <= value) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        double s = (double) (y[hi] - y[lo]) / (double) (x[hi] - x[lo]);
        return x[lo] + (value - y[lo]) / s;
    }
}
