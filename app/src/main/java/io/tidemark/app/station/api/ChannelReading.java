package io.tidemark.app.station.api;

/**
 * One channel's level over the last second, as {@code GET /api/levels} gives it.
 *
 * @param channel        1-based
 * @param name           from the channel map (e.g. "BOND6")
 * @param clippedSamples in that second
 * @param silent         the station judges the channel dead (below the silence threshold long enough)
 * @param dcOffsetFullScale the mean of the samples, signed, as a fraction of full scale
 * @param dcOffsetDbfs   its magnitude in dBFS (-200 for none)
 */
public record ChannelReading(int channel, String name, double peakDbfs, double rmsDbfs, long clippedSamples,
                             boolean silent, double dcOffsetFullScale, double dcOffsetDbfs) {

    /** Without a DC measure (0, -200 dBFS). */
    public ChannelReading(int channel, String name, double peakDbfs, double rmsDbfs, long clippedSamples,
                          boolean silent) {
        this(channel, name, peakDbfs, rmsDbfs, clippedSamples, silent, 0, -200);
    }
}
