package io.tidemark.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UtcNanosTest {

    @Test
    void knownInstantsOnBothSidesOfTheEpoch() {
        assertEquals(Instant.parse("2026-11-18T11:06:40Z"), UtcNanos.toInstant(1_795_000_000_000_000_000L));
        assertEquals(Instant.parse("2026-11-18T11:06:40.000000001Z"), UtcNanos.toInstant(1_795_000_000_000_000_001L));
        assertEquals(Instant.EPOCH, UtcNanos.toInstant(0));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"), UtcNanos.toInstant(-1));
        assertEquals(-1, UtcNanos.toEpochNs(Instant.parse("1969-12-31T23:59:59.999999999Z")));
        assertEquals(1_795_000_000_123_456_789L, UtcNanos.toEpochNs(Instant.parse("2026-11-18T11:06:40.123456789Z")));
    }

    @Test
    void roundTripsEveryNanosecondOfInt64() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            long ns = r.nextLong();
            assertEquals(ns, UtcNanos.toEpochNs(UtcNanos.toInstant(ns)));
        }
        assertEquals(Long.MAX_VALUE, UtcNanos.toEpochNs(UtcNanos.toInstant(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, UtcNanos.toEpochNs(UtcNanos.toInstant(Long.MIN_VALUE)));
    }

    @Test
    void anInstantBeyondInt64NanosecondsIsRefused() {
        assertThrows(ArithmeticException.class, () -> UtcNanos.toEpochNs(Instant.parse("2263-01-01T00:00:00Z")));
        assertThrows(ArithmeticException.class, () -> UtcNanos.toEpochNs(Instant.parse("1677-01-01T00:00:00Z")));
    }
}
