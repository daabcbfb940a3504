package io.tidemark.sync.fit;

/**
 * The Moon–Skelly–Towsley estimator (1999): an arrival time is its true time plus a non-negative
 * latency, so the line sought lies below every point. Among those lines it takes the one that
 * minimises the summed distance to the points, i.e. the line below all points that is highest at
 * the mean x. That linear programme's optimum is the edge of the points' lower convex hull that
 * spans the mean x, found here in O(n) with Andrew's monotone chain (x is already sorted).
 *
 * <p>Unlike least squares it inherits neither the mean latency (bias) nor its spread (noise), only
 * how stable the minimum latency is. Upward outliers cannot move it.
 */
public final class LowerEnvelopeFit implements WindowFit {

    /** Rank of the residual that measures the density of arrivals at the latency floor. */
    public static final int FLOOR_RANK = 10;

    /**
     * The envelope's mean height above the floor as a share of {@link #floorBias}'s estimate (simulated hulls
     * of 64..1280 points sit 1.8/n above it where the estimate says 2.05/n): what a fit removes.
     */
    public static final double FLOOR_BIAS_SHARE = 0.87;

    private int[] hull = new int[64];

    @Override
    public String name() {
        return "lower-envelope";
    }

    @Override
    public Line fit(double[] x, double[] y, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("no points");
        }
        if (n == 1) {
            return new Line(y[0], Double.NaN);
        }
        if (hull.length < n) {
            hull = new int[Math.max(n, hull.length * 2)];
        }
        int h = 0;
        double sumX = 0;
        for (int i = 0; i < n; i++) {
            sumX += x[i];
            // Pop while the last two hull points and i do not make a strict left (counter-clockwise) turn.
            while (h >= 2 && cross(x, y, hull[h - 2], hull[h - 1], i) <= 0) {
                h--;
            }
            hull[h++] = i;
        }
        double meanX = sumX / n;
        // The hull's x values increase; find the edge [a, b] with x[a] <= meanX <= x[b].
        int lo = 0;
        int hi = h - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (x[hull[mid]] <= meanX) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int a = hull[lo];
        int b = hull[hi];
        double slope = (y[b] - y[a]) / (x[b] - x[a]);
        return new Line(y[a] - slope * x[a], slope);
    }

    private static double cross(double[] x, double[] y, int o, int a, int b) {
        return (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
    }

    /**
     * How far above the latency floor an envelope {@code line} through the {@code n} points is expected to sit.
     * The line rests on the lowest arrivals, and the lowest of n draws lies above the floor by about one
     * spacing of the lowest order statistics, 1/(n·density at the floor); the edge through two such points at
     * the mean x, about two. The density at the floor comes from the data: FLOOR_RANK − 2 residuals (the two
     * support points sit at 0) lie below the FLOOR_RANK-th smallest residual h, so one spacing ≈
     * h / (FLOOR_RANK − 2). Needs more than {@link #FLOOR_RANK} points; no allocation.
     *
     * @param lowest scratch of {@link #FLOOR_RANK} values
     */
    public static double floorBias(double[] x, double[] y, int n, double intercept, double slope, double[] lowest) {
        if (n <= FLOOR_RANK) {
            throw new IllegalArgumentException("the floor bias needs more than " + FLOOR_RANK + " points: " + n);
        }
        java.util.Arrays.fill(lowest, Double.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            if (r < lowest[FLOOR_RANK - 1]) {
                int j = FLOOR_RANK - 1;
                while (j > 0 && lowest[j - 1] > r) {
                    lowest[j] = lowest[j - 1];
                    j--;
                }
                lowest[j] = r;
            }
        }
        double spacing = (lowest[FLOOR_RANK - 1] - lowest[0]) / (FLOOR_RANK - 2);
        return 2 * spacing;
    }
}
