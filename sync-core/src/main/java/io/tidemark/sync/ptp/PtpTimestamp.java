package io.tidemark.sync.ptp;

/**
 * A PTP timestamp as carried on the wire: unsigned seconds (32 bits in v1, 48 in v2) and
 * nanoseconds (0..999 999 999). In the grandmaster's timescale: TAI for PTPv2 with ptpTimescale,
 * the device's uptime for Dante's PTPv1.
 */
public record PtpTimestamp(long seconds, long nanoseconds) {

    public static final PtpTimestamp ZERO = new PtpTimestamp(0, 0);

    public static PtpTimestamp ofNs(long ns) {
        return new PtpTimestamp(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    /** The timestamp as ns since the timescale's epoch (fits in a long for the next 292 years). */
    public long toNs() {
        return seconds * 1_000_000_000L + nanoseconds;
    }
}
