package io.tidemark.sync.ntp;

/**
 * NTP's time formats (RFC 5905 §6) and int64 ns since the Unix epoch.
 *
 * <p>A 64-bit timestamp holds seconds since 1900 modulo 2^32 (one "era", 136 years) and a 32-bit
 * fraction (≈233 ps). The era is not on the wire, so decoding picks the era that puts the result
 * nearest a pivot the caller knows to be close (its own clock): 2036 works, and so do differences
 * across an era boundary. The fraction is finer than 1 ns, so ns → timestamp → ns is exact.
 */
public final class NtpTimestamp {

    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long UNIX_OFFSET_S = 2_208_988_800L;
    static final long NS_PER_S = 1_000_000_000L;
    /** One era in ns: 2^32 s. */
    static final long ERA_NS = (1L << 32) * NS_PER_S;

    private NtpTimestamp() {
    }

    /** The 64-bit timestamp of {@code unixNs} (rounded to the nearest fraction unit). */
    public static long fromUnixNs(long unixNs) {
        long s = Math.floorDiv(unixNs, NS_PER_S);
        long ns = Math.floorMod(unixNs, NS_PER_S);
        long frac = ((ns << 32) + NS_PER_S / 2) / NS_PER_S; // ns < 2^30, so no overflow
        long seconds = s + UNIX_OFFSET_S + (frac >>> 32); // carry if the fraction rounded up to 1 s
        return (seconds << 32) | (frac & 0xFFFF_FFFFL);
    }

    /**
     * The ns since the Unix epoch that {@code timestamp} stands for, in the era that puts it nearest
     * {@code pivotUnixNs} (within ±68 years of it).
     */
    public static long toUnixNs(long timestamp, long pivotUnixNs) {
        long seconds = timestamp >>> 32;
        long frac = timestamp & 0xFFFF_FFFFL;
        long fracNs = (frac * NS_PER_S + (1L << 31)) >>> 32; // frac·1e9 < 2^62
        long era0Ns = (seconds - UNIX_OFFSET_S) * NS_PER_S + fracNs; // era 0: 1900..2036
        // Signed distance from the pivot, folded into one era: the nearest era wins.
        // In double: the int64 difference overflows for pivots past ~2194; the exact fix-up below
        // absorbs the division's rounding.
        long eras = Math.round(((double) era0Ns - (double) pivotUnixNs) / ERA_NS);
        long result = era0Ns - eras * ERA_NS;
        // Correct a rounding slip of the double division at exactly half an era.
        if (result - pivotUnixNs > ERA_NS / 2) {
            result -= ERA_NS;
        } else if (pivotUnixNs - result > ERA_NS / 2) {
            result += ERA_NS;
        }
        return result;
    }

    /** Era-0 reading (1900..2036), for values with no better pivot (e.g. printing a raw field). */
    public static long toUnixNs(long timestamp) {
        return toUnixNs(timestamp, 0L);
    }

    /** NTP short format (16.16 s, unsigned) to ns. */
    public static long shortToNs(int shortFormat) {
        long v = shortFormat & 0xFFFF_FFFFL;
        return (v * NS_PER_S + (1L << 15)) >>> 16;
    }

    /** ns to NTP short format, clamped to 0..65535.99998 s. */
    public static int nsToShort(long ns) {
        if (ns <= 0) {
            return 0;
        }
        if (ns >= 65_536L * NS_PER_S) {
            return 0xFFFF_FFFF;
        }
        long s = ns / NS_PER_S;
        long rem = ns % NS_PER_S;
        long frac = ((rem << 16) + NS_PER_S / 2) / NS_PER_S;
        long v = (s << 16) + frac;
        return (int) Math.min(v, 0xFFFF_FFFFL);
    }
}
