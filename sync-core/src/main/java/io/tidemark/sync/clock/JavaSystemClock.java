package io.tidemark.sync.clock;

import io.tidemark.common.UtcNanos;

import java.time.Instant;

/**
 * Fallback where clock_gettime is not reachable (Windows, macOS): the JDK's wall clock and
 * System.nanoTime standing in for the raw monotonic clock. nanoTime may be slewed by the OS, so
 * analysis treats sessions recorded this way as having no raw clock of their own.
 */
public final class JavaSystemClock implements SystemClock {
    @Override
    public long realtimeNs() {
        return UtcNanos.toEpochNs(Instant.now());
    }

    @Override
    public long monoRawNs() {
        return System.nanoTime();
    }
}
