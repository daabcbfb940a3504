package io.tidemark.sync.fit;

/**
 * Ordinary least squares. Kept as the comparison the accuracy benchmark reports: it inherits the mean
 * latency as bias and the latency's spread as noise, and outliers pull it.
 */
public final class LeastSquaresFit implements WindowFit {

    @Override
    public String name() {
        return "least-squares";
    }

    @Override
    public Line fit(double[] x, double[] y, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("no points");
        }
        if (n == 1) {
            return new Line(y[0], Double.NaN);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            sxx += dx * dx;
            sxy += dx * (y[i] - my);
        }
        double slope = sxy / sxx;
        return new Line(my - slope * mx, slope);
    }
}
