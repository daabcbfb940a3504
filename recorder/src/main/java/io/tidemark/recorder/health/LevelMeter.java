package io.tidemark.recorder.health;

/**
 * Per-channel peak, RMS, clipping and DC of the audio as it is captured, over windows the caller
 * closes ({@link #takeWindow}). It reads the interleaved little-endian buffer the device delivered,
 * once, with no allocation, so it can sit on the capture path: at 8 ch / 48 kHz that is 384,000
 * samples a second, a few multiply-adds each.
 */
public final class LevelMeter {

    private final int channels;
    private final int bytesPerSample;
    private final boolean floatSamples;
    private final double fullScale;
    private final long clipCode;
    private final double[] sum;
    private final double[] sumSquares;
    private final double[] peak;
    private final long[] clipped;
    private long frames;

    /**
     * @param channels       interleaved channels
     * @param bytesPerSample 2, 3 or 4 (integer PCM), or 4 with {@code floatSamples}
     * @param floatSamples   IEEE 754 single precision, full scale 1.0; values beyond it are kept (and counted as clipped)
     */
    public LevelMeter(int channels, int bytesPerSample, boolean floatSamples) {
        if (channels < 1 || bytesPerSample < 2 || bytesPerSample > 4 || (floatSamples && bytesPerSample != 4)) {
            throw new IllegalArgumentException(channels + " channels of " + bytesPerSample + " bytes"
                    + (floatSamples ? " float" : ""));
        }
        this.channels = channels;
        this.bytesPerSample = bytesPerSample;
        this.floatSamples = floatSamples;
        this.fullScale = floatSamples ? 1.0 : (double) (1L << (8 * bytesPerSample - 1));
        this.clipCode = floatSamples ? 0 : (1L << (8 * bytesPerSample - 1)) - 1;
        this.sum = new double[channels];
        this.sumSquares = new double[channels];
        this.peak = new double[channels];
        this.clipped = new long[channels];
    }

    /** Adds {@code frames} interleaved frames from the start of {@code buffer}. */
    public void add(byte[] buffer, int frames) {
        int off = 0;
        for (int f = 0; f < frames; f++) {
            for (int ch = 0; ch < channels; ch++) {
                double x;
                if (floatSamples) {
                    x = Float.intBitsToFloat(int32(buffer, off));
                    if (Math.abs(x) >= 1.0) {
                        clipped[ch]++;
                    }
                } else {
                    long code = switch (bytesPerSample) {
                        case 2 -> (short) ((buffer[off] & 0xFF) | (buffer[off + 1] << 8));
                        case 3 -> (buffer[off] & 0xFF) | ((buffer[off + 1] & 0xFF) << 8) | (buffer[off + 2] << 16);
                        default -> int32(buffer, off);
                    };
                    if (code >= clipCode || code < -clipCode) {
                        clipped[ch]++;
                    }
                    x = code / fullScale;
                }
                sum[ch] += x;
                sumSquares[ch] += x * x;
                double a = Math.abs(x);
                if (a > peak[ch]) {
                    peak[ch] = a;
                }
                off += bytesPerSample;
            }
        }
        this.frames += frames;
    }

    private static int int32(byte[] b, int off) {
        return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16) | (b[off + 3] << 24);
    }

    /** The levels since the last call, one per channel, and a fresh window. */
    public ChannelLevel[] takeWindow() {
        ChannelLevel[] out = new ChannelLevel[channels];
        for (int ch = 0; ch < channels; ch++) {
            double rms = frames == 0 ? 0 : Math.sqrt(sumSquares[ch] / frames);
            out[ch] = new ChannelLevel(ChannelLevel.dbfs(peak[ch]), ChannelLevel.dbfs(rms), clipped[ch],
                    frames == 0 ? 0 : sum[ch] / frames, frames);
            sum[ch] = 0;
            sumSquares[ch] = 0;
            peak[ch] = 0;
            clipped[ch] = 0;
        }
        frames = 0;
        return out;
    }
}
