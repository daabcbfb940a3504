package io.tidemark.recorder.audio;

import io.tidemark.common.UtcNanos;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A file's first sample placed on the UTC day: the BWF TimeReference (samples since UTC midnight at
 * the file's rate) and the date and time the bext chunk carries. Exact int64 maths: the product of
 * nanoseconds since midnight and the rate would overflow a long, so seconds and the fraction are
 * taken apart and the fraction rounded to the nearest sample.
 *
 * @param utcNs               the estimate it was made from, UTC ns since the epoch
 * @param sampleRateHz        the file's rate
 * @param epochDay            UTC day of the (rounded) first sample
 * @param samplesSinceMidnight the TimeReference
 */
public record TimeReference(long utcNs, int sampleRateHz, long epochDay, long samplesSinceMidnight) {

    private static final long NS_PER_S = 1_000_000_000L;
    private static final long S_PER_DAY = 86_400L;
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public static TimeReference of(long utcNs, int sampleRateHz) {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + sampleRateHz);
        }
        long epochS = Math.floorDiv(utcNs, NS_PER_S);
        long nsOfS = Math.floorMod(utcNs, NS_PER_S);
        // nsOfS * rate < 1e9 * 2^31: no overflow
        long sampleOfS = (nsOfS * sampleRateHz + NS_PER_S / 2) / NS_PER_S;
        if (sampleOfS == sampleRateHz) {
            epochS++;
            sampleOfS = 0;
        }
        long epochDay = Math.floorDiv(epochS, S_PER_DAY);
        long secondOfDay = Math.floorMod(epochS, S_PER_DAY);
        return new TimeReference(utcNs, sampleRateHz, epochDay, secondOfDay * sampleRateHz + sampleOfS);
    }

    /** The UTC date of the first sample, as bext OriginationDate wants it. */
    public LocalDate date() {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** Whole seconds of the first sample's time of day (bext OriginationTime). */
    public LocalTime timeOfDay() {
        return LocalTime.ofSecondOfDay(samplesSinceMidnight / sampleRateHz);
    }

    /** "yyyy-MM-ddTHH:mm:ss.ffffffZ" of the estimate, rounded to the microsecond. */
    public String utcMicros() {
        return MICROS.format(UtcNanos.toInstant(Math.floorDiv(utcNs + 500, 1000) * 1000));
    }

    /** The TimeReference split for iXML's TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI/_LO and bext. */
    public long high32() {
        return samplesSinceMidnight >>> 32;
    }

    public long low32() {
        return samplesSinceMidnight & 0xFFFF_FFFFL;
    }
}
