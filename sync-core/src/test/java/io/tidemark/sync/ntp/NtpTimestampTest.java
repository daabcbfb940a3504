package io.tidemark.sync.ntp;

import io.tidemark.common.UtcNanos;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NtpTimestampTest {

    private static long unixNs(String iso) {
        return UtcNanos.toEpochNs(Instant.parse(iso));
    }

    @Test
    void knownValues() {
        assertEquals(NtpTimestamp.UNIX_OFFSET_S << 32, NtpTimestamp.fromUnixNs(0));
        assertEquals(0x8000_0000L, NtpTimestamp.fromUnixNs(-NtpTimestamp.UNIX_OFFSET_S * 1_000_000_000L + 500_000_000L));
        // Era 1 begins 2036-02-07T06:28:16Z: seconds field wraps to 0.
        long era1 = unixNs("2036-02-07T06:28:16Z");
        assertEquals(0L, NtpTimestamp.fromUnixNs(era1));
        assertEquals(era1, NtpTimestamp.toUnixNs(0L, unixNs("2036-01-01T00:00:00Z")));
        assertEquals(era1 - 1_000_000_000L, NtpTimestamp.toUnixNs(0xFFFF_FFFFL << 32, era1));
    }

    @Test
    void roundTripsEveryNanosecondNearAPivotInAnyEra() {
        SplittableRandom r = new SplittableRandom(1);
        long min = unixNs("1901-01-01T00:00:00Z");
        long max = unixNs("2200-01-01T00:00:00Z");
        for (int i = 0; i < 200_000; i++) {
            long t = r.nextLong(min, max);
            long pivot = t + r.nextLong(-60L * 365 * 86_400 * 1_000_000_000L, 60L * 365 * 86_400 * 1_000_000_000L);
            long ts = NtpTimestamp.fromUnixNs(t);
            assertEquals(t, NtpTimestamp.toUnixNs(ts, pivot), "t=" + t + " pivot=" + pivot);
        }
    }

    @Test
    void differencesAcrossTheEraBoundaryAreSigned() {
        long era1 = unixNs("2036-02-07T06:28:16Z");
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 10_000; i++) {
            long t1 = era1 + r.nextLong(-5_000_000_000L, 5_000_000_000L);
            long t2 = t1 + r.nextLong(-2_000_000_000L, 2_000_000_000L);
            long decoded = NtpTimestamp.toUnixNs(NtpTimestamp.fromUnixNs(t2), t1);
            assertEquals(t2 - t1, decoded - t1);
        }
    }

    @Test
    void shortFormatRoundTripsWithinItsResolution() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int v = r.nextInt();
            assertEquals(v, NtpTimestamp.nsToShort(NtpTimestamp.shortToNs(v)), "short " + Integer.toHexString(v));
            long ns = r.nextLong(0, 65_535L * 1_000_000_000L);
            assertEquals(ns, NtpTimestamp.shortToNs(NtpTimestamp.nsToShort(ns)), 7_630.0); // 2^-16 s / 2
        }
        assertEquals(0x0001_8000, NtpTimestamp.nsToShort(1_500_000_000L));
        assertEquals(0, NtpTimestamp.nsToShort(-5));
    }
}
