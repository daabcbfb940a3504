package io.tidemark.sync.engine;

import io.tidemark.sync.ptp.TimestampSource;
import io.tidemark.sync.servo.ServoState;

/**
 * The engine's state as {@code tidemark sync status} shows it.
 *
 * @param state               the servo state (in JSON by its name, as every enum here)
 * @param disciplining        whether the engine steers the clock (false: monitor only)
 * @param recording           whether a recording runs (no steps then)
 * @param ptpVersion          1 or 2, 0 when no PTP seen
 * @param grandmaster         the grandmaster's identity, or null
 * @param timestampSource     how PTP packets were stamped on arrival, or null
 * @param delayReqTimestampSource how the send time of the Delay_Req behind {@code pathDelayNs} was taken, or null
 * @param ptpRatePpm          the raw oscillator's rate against the grandmaster, ppm
 * @param ptpRateStdErrPpm    its standard error, ppm (null while acquiring)
 * @param ptpOffsetNs         last PTP offset (master time + delay − CLOCK_REALTIME), ns; meaningless as UTC for Dante
 * @param pathDelayNs         PTP mean path delay, ns, or -1
 * @param ntpOffsetNs         filtered NTP offset (UTC − CLOCK_REALTIME), ns, or null
 * @param frequencyPpm        frequency adjustment in force, ppm
 * @param slewPpm             the part of it that slews phase, ppm
 * @param steps               clock steps since start
 * @param ptpSpikes           rejected PTP buckets
 * @param lastPtpRealtimeNs   CLOCK_REALTIME of the last Sync, or 0
 * @param lastNtpRealtimeNs   CLOCK_REALTIME of the last accepted NTP sample, or 0
 */
public record SyncStatus(ServoState state, boolean disciplining, boolean recording, int ptpVersion, String grandmaster,
                         TimestampSource timestampSource, TimestampSource delayReqTimestampSource, double ptpRatePpm,
                         Double ptpRateStdErrPpm, Long ptpOffsetNs, long pathDelayNs, Long ntpOffsetNs,
                         double frequencyPpm, double slewPpm, long steps, long ptpSpikes, long lastPtpRealtimeNs,
                         long lastNtpRealtimeNs) {
}
