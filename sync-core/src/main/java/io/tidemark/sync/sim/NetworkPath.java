package io.tidemark.sync.sim;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * One direction of a simulated network path: a fixed base delay, exponential queueing jitter, rare
 * large outliers, and loss. Delays are never below the base, as on a real network.
 *
 * @param baseDelayNs        minimum one-way delay
 * @param jitterMeanNs       mean of the exponential part
 * @param outlierProbability chance that a packet is held up by {@code outlierDelayNs} more
 * @param outlierDelayNs     extra delay of an outlier
 * @param lossProbability    chance that a packet is lost
 */
public record NetworkPath(long baseDelayNs, long jitterMeanNs, double outlierProbability, long outlierDelayNs,
                          double lossProbability) {

    public static NetworkPath of(long baseDelayNs, long jitterMeanNs) {
        return new NetworkPath(baseDelayNs, jitterMeanNs, 0, 0, 0);
    }

    /** One packet's transit time, or empty if it was lost. */
    public OptionalLong transitNs(SplittableRandom random) {
        if (lossProbability > 0 && random.nextDouble() < lossProbability) {
            return OptionalLong.empty();
        }
        long d = baseDelayNs + exponential(random, jitterMeanNs);
        if (outlierProbability > 0 && random.nextDouble() < outlierProbability) {
            d += outlierDelayNs;
        }
        return OptionalLong.of(d);
    }

    static long exponential(SplittableRandom random, long meanNs) {
        if (meanNs <= 0) {
            return 0;
        }
        return Math.round(-Math.log(1.0 - random.nextDouble()) * meanNs);
    }
}
