package io.tidemark.analysis.marks;

import io.tidemark.common.KaiserWindow;

/**
 * Band-limited interpolation of a sampled signal between its samples: a Kaiser-windowed sinc
 * (32 taps each side, beta 8: flat to about 0.46 fs, stop band about -80 dB), tabulated finely.
 */
final class SincInterpolator {

    static final int HALF_TAPS = 32;
    private static final int STEPS_PER_SAMPLE = 2048;
    private static final double BETA = 8.0;
    private static final double[] KERNEL = kernel();

    private SincInterpolator() {
    }

    /**
     * The signal at fractional index {@code position}; needs {@link #HALF_TAPS} samples on each
     * side of it.
     */
    static double valueAt(float[] x, double position) {
        int k0 = (int) Math.floor(position);
        double f = position - k0;
        double sum = 0;
        for (int j = -HALF_TAPS + 1; j <= HALF_TAPS; j++) {
            sum += x[k0 + j] * kernelAt(j - f);
        }
        return sum;
    }

    /** Whether {@link #valueAt} may be called at {@code position} of a signal of {@code length} samples. */
    static boolean inside(int length, double position) {
        return position >= HALF_TAPS && position < length - HALF_TAPS - 1;
    }

    private static double kernelAt(double t) {
        double index = Math.abs(t) * STEPS_PER_SAMPLE;
        int i = (int) index;
        if (i >= KERNEL.length - 1) {
            return 0;
        }
        double f = index - i;
        return KERNEL[i] + f * (KERNEL[i + 1] - KERNEL[i]);
    }

    private static double[] kernel() {
        double[] k = new double[HALF_TAPS * STEPS_PER_SAMPLE + 2];
        for (int i = 0; i < k.length; i++) {
            double t = (double) i / STEPS_PER_SAMPLE;
            double w = t / HALF_TAPS;
            double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
            k[i] = sinc * KaiserWindow.at(w, BETA);
        }
        return k;
    }
}
