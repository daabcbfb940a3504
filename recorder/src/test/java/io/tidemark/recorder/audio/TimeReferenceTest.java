package io.tidemark.recorder.audio;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeReferenceTest {

    private static final long DAY_NS = 86_400_000_000_000L;

    @Test
    void samplesSinceMidnightAreExactForLargeValues() {
        // 23:59:59.999 at 192 kHz: ns since midnight × rate overflows a long; the split maths must not.
        long midnight = LocalDate.of(2026, 11, 21).toEpochDay() * DAY_NS;
        TimeReference r = TimeReference.of(midnight + DAY_NS - 1_000_000L, 192_000);
        assertEquals(86_399L * 192_000 + 191_808, r.samplesSinceMidnight());
        assertEquals(LocalDate.of(2026, 11, 21), r.date());
        assertEquals(LocalTime.of(23, 59, 59), r.timeOfDay());
        assertEquals(r.samplesSinceMidnight() >>> 32, r.high32());
        assertEquals(3L, r.high32()); // over 2^32: TimeReferenceHigh is needed
    }

    @Test
    void roundsToTheNearestSampleAndRollsIntoTheNextDay() {
        long midnight = LocalDate.of(2026, 11, 21).toEpochDay() * DAY_NS;
        // 10 µs before midnight at 48 kHz (20.8 µs per sample) rounds to the next day's sample 0
        TimeReference r = TimeReference.of(midnight - 10_000, 48_000);
        assertEquals(0, r.samplesSinceMidnight());
        assertEquals(LocalDate.of(2026, 11, 21), r.date());
        TimeReference s = TimeReference.of(midnight + 10_417, 48_000); // just over half a sample
        assertEquals(1, s.samplesSinceMidnight());
        assertEquals("2026-11-21T00:00:00.000010Z", s.utcMicros());
    }

    @Test
    void agreesWithBigDecimalOnRandomInstants() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[] rates = {44_100, 48_000, 88_200, 96_000, 176_400, 192_000};
        for (int i = 0; i < 20_000; i++) {
            long utcNs = rnd.nextLong(0, 4_102_444_800_000_000_000L); // 1970..2100
            int rate = rates[rnd.nextInt(rates.length)];
            TimeReference r = TimeReference.of(utcNs, rate);
            BigInteger samples = new BigDecimal(BigInteger.valueOf(utcNs).multiply(BigInteger.valueOf(rate)))
                    .divide(BigDecimal.valueOf(1_000_000_000L), 0, RoundingMode.HALF_UP).toBigIntegerExact();
            BigInteger perDay = BigInteger.valueOf(86_400L * rate);
            assertEquals(samples.mod(perDay).longValueExact(), r.samplesSinceMidnight(), "at " + utcNs);
            assertEquals(samples.divide(perDay).longValueExact(), r.epochDay(), "at " + utcNs);
        }
    }
}
