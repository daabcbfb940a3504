package io.tidemark.common;

/**
 * The Kaiser window, which every windowed-sinc kernel here uses (the resampler, the reference-mark
 * interpolator, the simulated converter's anti-alias filter): w(x) = I0(beta·sqrt(1 - x²)) / I0(beta)
 * for |x| <= 1, else 0.
 */
public final class KaiserWindow {

    private KaiserWindow() {
    }

    /** The window at {@code x}, the position across it from -1 to 1. */
    public static double at(double x, double beta) {
        return Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
    }

    /** The modified Bessel function of the first kind, order 0, by its power series (to double precision). */
    public static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
