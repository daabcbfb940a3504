package io.tidemark.common;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UtcNanosTest {

    @Test
    void nanosecondsBecomeTheInstantToTheNanosecond() {
        assertEquals(Instant.parse("2026-11-21T19:30:00.123456789Z"), UtcNanos.toInstant(1_795_289_400_123_456_789L));
        assertEquals("1970-01-01T00:00:01.500Z", UtcNanos.toInstant(1_500_000_000L).toString());
        assertEquals(Instant.EPOCH, UtcNanos.toInstant(0));
    }

    @Test
    void negativeNanosecondsFloorToTheSecondBefore() {
        assertEquals("1969-12-31T23:59:59.999999999Z", UtcNanos.toInstant(-1).toString());
        assertEquals("1969-12-31T23:59:58.500Z", UtcNanos.toInstant(-1_500_000_000L).toString());
        assertEquals(-1, UtcNanos.toEpochNs(Instant.parse("1969-12-31T23:59:59.999999999Z")));
        assertEquals(-1_500_000_000L, UtcNanos.toEpochNs(Instant.parse("1969-12-31T23:59:58.500Z")));
    }

    @Test
    void everyInt64NanosecondRoundTripsExactly() {
        long[] samples = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_000_001L, -1_000_000_000L, -999_999_999L, -1, 0, 1,
                999_999_999L, 1_000_000_000L, 1_795_289_400_123_456_789L, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        for (long ns : samples) {
            assertEquals(ns, UtcNanos.toEpochNs(UtcNanos.toInstant(ns)), "ns " + ns);
        }
        Instant t = Instant.parse("2026-11-21T19:30:00.000000001Z");
        assertEquals(t, UtcNanos.toInstant(UtcNanos.toEpochNs(t)));
    }

    @Test
    void anInstantOutsideInt64NanosecondsIsRefusedNotWrapped() {
        assertThrows(ArithmeticException.class, () -> UtcNanos.toEpochNs(UtcNanos.toInstant(Long.MAX_VALUE).plusNanos(1)));
        assertThrows(ArithmeticException.class, () -> UtcNanos.toEpochNs(UtcNanos.toInstant(Long.MIN_VALUE).minusNanos(1)));
        assertThrows(ArithmeticException.class, () -> UtcNanos.toEpochNs(Instant.parse("2300-01-01T00:00:00Z")));
    }
}
