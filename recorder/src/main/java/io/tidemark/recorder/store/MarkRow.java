package io.tidemark.recorder.store;

/**
 * A {@code marks} row: one reference mark (a PPS edge or an LTC frame start) found on the session's
 * reference channel by {@code tidemark marks}.
 *
 * @param kind          "pps" or "ltc"
 * @param channel       the reference channel, 1-based
 * @param samplePosQ20  the mark's fractional sample index in units of 2^-20 sample ({@link #Q20_PER_SAMPLE}):
 *                      an int64 holds 2^43 samples (500 days at 192 kHz) to a millionth of a sample
 * @param utcNs         the UTC the mark asserts
 * @param residualNsOrNull its distance in time from the line through its neighbours; null when too few
 * @param flags         {@link #FLAG_MISSING_BEFORE}, {@link #FLAG_MISALIGNED}, {@link #FLAG_AFTER_LOST_AUDIO}
 * @param detailOrNull  what the mark says besides its time (an LTC frame's label and date), or null
 */
public record MarkRow(String kind, int channel, long samplePosQ20, long utcNs, Long residualNsOrNull, int flags,
                      String detailOrNull) {

    public static final long Q20_PER_SAMPLE = 1L << 20;
    /** One or more expected marks before this one are absent. */
    public static final int FLAG_MISSING_BEFORE = 1;
    /** Its distance from the previous good mark does not match the time between their UTCs. */
    public static final int FLAG_MISALIGNED = 2;
    /** Audio was lost since the previous mark: it starts a new stretch. */
    public static final int FLAG_AFTER_LOST_AUDIO = 4;

    /** The fractional sample index. */
    public double positionSamples() {
        return samplePosQ20 / (double) Q20_PER_SAMPLE;
    }

    public static long toQ20(double positionSamples) {
        return Math.round(positionSamples * Q20_PER_SAMPLE);
    }
}
