package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.ClockReading;

/**
 * One completed Sync (with its Follow_Up when two-step) from the selected grandmaster.
 *
 * @param version         PTP version
 * @param grandmaster     the grandmaster's identity
 * @param masterNs        the precise origin time, corrected, in the grandmaster's timescale (Dante: uptime)
 * @param masterUtcNs     {@code masterNs} converted to UTC when the timescale is PTP (TAI − currentUtcOffset),
 *                        otherwise equal to {@code masterNs}
 * @param rxTime          our clocks when the Sync arrived
 * @param pathDelayNs     the mean path delay measured by Delay_Req/Delay_Resp, or -1 until measured
 * @param timestampSource how {@code rxTime} was taken
 * @param delayReqTimestampSource how the send time of the last Delay_Req used for {@code pathDelayNs} was
 *                        taken, or null until measured
 * @param ptpTimescale    whether the grandmaster's time is TAI/UTC-traceable (false for Dante's uptime)
 */
public record PtpMeasurement(PtpVersion version, ClockIdentity grandmaster, long masterNs, long masterUtcNs,
                             ClockReading rxTime, long pathDelayNs, TimestampSource timestampSource,
                             TimestampSource delayReqTimestampSource, boolean ptpTimescale) {

    /** Master time, path-delay corrected, minus CLOCK_REALTIME at arrival, ns (delay taken as 0 until measured). */
    public long offsetNs() {
        return masterUtcNs + Math.max(0, pathDelayNs) - rxTime.realtimeNs();
    }
}
