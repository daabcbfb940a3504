package io.tidemark.recorder.stamp;

/**
 * Least-squares slope of frames against a clock, accumulated buffer by buffer with Welford's
 * update (numerically stable over months): the device's rate as that clock sees it. A summary
 * figure; analysis does the careful (lower-envelope) fit.
 */
public final class RateFit {

    private final int nominalRateHz;
    private long n;
    private long originNs;
    private double meanX;
    private double meanY;
    private double sxx;
    private double sxy;

    public RateFit(int nominalRateHz) {
        this.nominalRateHz = nominalRateHz;
    }

    /** One point: {@code frames} had arrived by clock time {@code clockNs}. */
    public void add(long clockNs, long frames) {
        if (n == 0) {
            originNs = clockNs;
        }
        n++;
        double x = (clockNs - originNs) * 1e-9;
        double dx = x - meanX;
        meanX += dx / n;
        meanY += (frames - meanY) / n;
        sxx += dx * (x - meanX);
        sxy += dx * (frames - meanY);
    }

    public long points() {
        return n;
    }

    /** Frames per second of the clock, or NaN with fewer than two distinct points. */
    public double rateHz() {
        return n < 2 || sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** (measured / nominal − 1) in ppm: positive when the device runs fast against the clock. */
    public double ratePpm() {
        return (rateHz() / nominalRateHz - 1) * 1e6;
    }
}
