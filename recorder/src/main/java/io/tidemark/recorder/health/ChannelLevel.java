package io.tidemark.recorder.health;

/**
 * One channel's level over a window. dBFS is relative to full scale (1.0 for float, 2^(bits-1) for
 * integer PCM); RMS is the plain root mean square, so a full-scale sine reads -3.01 dBFS RMS and
 * 0 dBFS peak. A window with no signal at all reads {@link #SILENCE_DBFS}.
 *
 * @param peakDbfs          largest magnitude in the window
 * @param rmsDbfs           root mean square over the window
 * @param clippedSamples    samples at or beyond full scale (float: |x| >= 1.0; integer: the extreme codes)
 * @param dcOffsetFullScale the window's mean, as a fraction of full scale (signed)
 * @param samples           samples the window holds for this channel
 */
public record ChannelLevel(double peakDbfs, double rmsDbfs, long clippedSamples, double dcOffsetFullScale,
                           long samples) {

    /** What an all-zero window reads: below anything a converter delivers, and finite for JSON. */
    public static final double SILENCE_DBFS = -200.0;

    static double dbfs(double fractionOfFullScale) {
        return fractionOfFullScale <= 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(fractionOfFullScale));
    }
}
