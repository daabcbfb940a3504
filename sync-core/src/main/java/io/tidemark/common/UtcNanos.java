package io.tidemark.common;

import java.time.Instant;

/**
 * The one conversion between Tidemark's stored times (int64 ns since the Unix epoch, UTC or
 * CLOCK_REALTIME) and {@link Instant}. Exact both ways over int64's range (years 1677 to 2262).
 */
public final class UtcNanos {

    private static final long NS_PER_S = 1_000_000_000L;

    private UtcNanos() {
    }

    /** The instant {@code epochNs} after the epoch (before it when negative). */
    public static Instant toInstant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, NS_PER_S), Math.floorMod(epochNs, NS_PER_S));
    }

    /**
     * ns since the epoch.
     *
     * @throws ArithmeticException when {@code t} lies outside int64 ns (before 1677 or after 2262)
     */
    public static long toEpochNs(Instant t) {
        long s = t.getEpochSecond();
        int nano = t.getNano();
        if (s < 0 && nano > 0) {
            // as Instant.toEpochMilli does: one second less to multiply, so that Long.MIN_VALUE itself fits
            return Math.addExact(Math.multiplyExact(s + 1, NS_PER_S), nano - NS_PER_S);
        }
        return Math.addExact(Math.multiplyExact(s, NS_PER_S), nano);
    }
}
