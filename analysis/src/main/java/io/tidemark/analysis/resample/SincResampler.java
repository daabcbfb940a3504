package io.tidemark.analysis.resample;

import io.tidemark.common.KaiserWindow;

/**
 * Bandlimited interpolation with a Kaiser-windowed sinc: the value of a sampled signal at any
 * fractional sample position. Used to put audio onto exact UTC sample times (drift correction), so
 * the rates involved differ by ppm, and the filter is designed for ratios near one: cutoff at
 * {@code cutoff}·fs, {@code halfWidth} zero crossings each side, Kaiser β. The kernel is tabulated at
 * {@code phases} phases per sample and interpolated linearly between phases; each phase's taps are
 * normalised to unit DC gain.
 *
 * <p>Defaults (cutoff 0.45, 64 zero crossings, β 12, 2048 phases): passband flat to ~0.42·fs,
 * stopband below −110 dB from ~0.48·fs, table interpolation error below −120 dB.
 */
public final class SincResampler {

    private final int halfWidth;
    private final int taps;
    private final int phases;
    private final double[] table; // (phases + 1) rows of taps, row q = kernel at (q/phases - j), j = -halfWidth+1..halfWidth

    public SincResampler(double cutoff, int halfWidth, double kaiserBeta, int phases) {
        this.halfWidth = halfWidth;
        this.taps = 2 * halfWidth;
        this.phases = phases;
        this.table = new double[(phases + 1) * taps];
        for (int q = 0; q <= phases; q++) {
            double f = (double) q / phases;
            double sum = 0;
            for (int t = 0; t < taps; t++) {
                int j = t - halfWidth + 1;
                double x = f - j;
                double u = x / halfWidth;
                double w = KaiserWindow.at(u, kaiserBeta);
                double arg = 2 * cutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                table[q * taps + t] = 2 * cutoff * sinc * w;
                sum += table[q * taps + t];
            }
            for (int t = 0; t < taps; t++) {
                table[q * taps + t] /= sum;
            }
        }
    }

    public static SincResampler highQuality() {
        return new SincResampler(0.45, 64, 12.0, 2048);
    }

    /** Input frames needed before the integer part of a position (and after it, plus one). */
    public int halfWidth() {
        return halfWidth;
    }

    /** Taps of the kernel: the size of the scratch array {@link #framesAt} needs. */
    public int taps() {
        return taps;
    }

    /**
     * Every channel's value at fractional frame position {@code pos} (relative to frame 0 of the
     * interleaved {@code in}), into {@code out[0..channels)}. The caller guarantees halfWidth − 1 frames
     * before floor(pos) and halfWidth after it exist, or accepts zeros by padding. The phase-interpolated
     * kernel is built once for all channels and the taps are read frame by frame, in memory order.
     *
     * @param kernel scratch of {@link #taps()} doubles (one per thread)
     */
    public void framesAt(float[] in, int channels, double pos, double[] kernel, double[] out) {
        int i = (int) Math.floor(pos);
        double f = (pos - i) * phases;
        int q = (int) f;
        if (q >= phases) {
            q = phases - 1;
        }
        double g = f - q;
        int row0 = q * taps;
        int row1 = row0 + taps;
        for (int t = 0; t < taps; t++) {
            double k0 = table[row0 + t];
            kernel[t] = k0 + (table[row1 + t] - k0) * g;
        }
        java.util.Arrays.fill(out, 0, channels, 0);
        int base = (i - halfWidth + 1) * channels;
        for (int t = 0; t < taps; t++) {
            double w = kernel[t];
            int frame = base + t * channels;
            for (int c = 0; c < channels; c++) {
                out[c] += in[frame + c] * w;
            }
        }
    }
}
