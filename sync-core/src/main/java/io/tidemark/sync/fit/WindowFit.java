package io.tidemark.sync.fit;

/**
 * Fits one straight line y = intercept + slope·x to the points of one window. Coordinates are relative
 * to the window's first point (so doubles stay exact to well below a nanosecond); x is strictly
 * increasing.
 */
public interface WindowFit {

    /** A fitted line in the window's relative coordinates. Slope is NaN when one point cannot give it. */
    record Line(double intercept, double slope) {
        public double at(double x) {
            return intercept + slope * x;
        }
    }

    Line fit(double[] x, double[] y, int n);

    /** Short name used in reports and benchmarks. */
    String name();
}
