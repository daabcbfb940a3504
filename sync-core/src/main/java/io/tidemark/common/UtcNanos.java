package io.tidemark.common;

import java.time.Instant;

/**
 * UTC as Tidemark stores it, int64 ns since 1970-01-01T00:00:00Z (1677-09-21 to 2262-04-11), to and
 * from {@link Instant}, which holds whole ns too, so nothing is rounded either way.
 */
public final class UtcNanos {

    private static final long NS_PER_S = 1_000_000_000L;

    private UtcNanos() {
    }

    /** The instant {@code epochNs} from the epoch; floored, so −1 ns is 1969-12-31T23:59:59.999999999Z. */
    public static Instant toInstant(long epochNs) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, NS_PER_S), Math.floorMod(epochNs, NS_PER_S));
    }

    /**
     * ns from the epoch to {@code t}.
     *
     * @throws ArithmeticException if {@code t} is outside int64 ns
     */
    public static long toEpochNs(Instant t) {
        long s = t.getEpochSecond();
        int ns = t.getNano();
        if (s < 0 && ns > 0) {
            // Borrow a second so that the earliest instants (down to Long.MIN_VALUE ns) do not overflow on the way.
            return Math.addExact(Math.multiplyExact(s + 1, NS_PER_S), ns - NS_PER_S);
        }
        return Math.addExact(Math.multiplyExact(s, NS_PER_S), ns);
    }
}
