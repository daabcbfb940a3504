package io.tidemark.sync.ptp;

/**
 * What a message says about its grandmaster: PTPv2 Announce, or the grandmaster fields of a PTPv1
 * Sync. Enough for choosing the best grandmaster and for converting its time to UTC.
 *
 * @param identity          grandmasterIdentity (v2) / grandmasterClockUuid (v1)
 * @param priority1         v2 grandmasterPriority1; v1: 0 if grandmasterPreferred, else 128
 * @param clockClass        v2 clockQuality.clockClass; v1 grandmasterClockStratum
 * @param clockAccuracy     v2 clockQuality.clockAccuracy; v1 0xFE (unknown)
 * @param variance          v2 offsetScaledLogVariance; v1 grandmasterClockVariance (signed)
 * @param priority2         v2 grandmasterPriority2; v1 128
 * @param stepsRemoved      hops from the grandmaster
 * @param currentUtcOffsetS TAI − UTC in s as the grandmaster announces it
 * @param ptpTimescale      v2 flag: the grandmaster's time is TAI (PTP epoch); false for v1 (Dante: uptime)
 * @param utcOffsetValid    v2 flag currentUtcOffsetValid; v1 utcReasonable
 */
public record GrandmasterInfo(ClockIdentity identity, int priority1, int clockClass, int clockAccuracy, int variance,
                              int priority2, int stepsRemoved, int currentUtcOffsetS, boolean ptpTimescale,
                              boolean utcOffsetValid) {

    /**
     * IEEE 1588-2008 dataset comparison (without the topology tie-breaks): negative when this
     * grandmaster is better than {@code other}.
     */
    public int compareQuality(GrandmasterInfo other) {
        int c = Integer.compare(priority1, other.priority1);
        if (c == 0) c = Integer.compare(clockClass, other.clockClass);
        if (c == 0) c = Integer.compare(clockAccuracy, other.clockAccuracy);
        if (c == 0) c = Integer.compare(variance, other.variance);
        if (c == 0) c = Integer.compare(priority2, other.priority2);
        if (c == 0) c = java.util.Arrays.compareUnsigned(identity.bytes(), other.identity.bytes());
        return c;
    }
}
