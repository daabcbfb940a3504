package io.tidemark.app.station.api;

import java.util.List;

/**
 * The station at one moment, as {@code GET /api/status} and the metrics show it.
 *
 * @param sessionId      the session recording now, or null when stopped
 * @param recording      whether audio is being stored
 * @param elapsedNs      time since the session began
 * @param framesRecorded frames stored in this session
 * @param files          audio files of this session
 * @param diskFreeBytes  free space on the folder recorded to
 * @param diskSecondsLeft recording time the free space of every configured folder still holds at the current rate
 * @param syncState      the sync engine's state: PTP_LOCKED, NTP, HOLDOVER or NONE
 * @param ntpSource      the chosen NTP server, or null
 * @param ntpOffsetNs    its last offset, or null
 * @param health         the conditions that are wrong now (e.g. "channel 6 silent", "disk low"); empty when all is well
 * @param ntpDelayNs     round-trip delay of the last accepted NTP exchange, or null
 * @param ntpStratum     the NTP source's stratum, or null
 * @param ntpLastSampleAgeNs time since the last accepted NTP exchange (on the station's clock), or null
 * @param ptpGrandmaster the PTP grandmaster's identity, or null
 * @param ptpRatePpm     the raw clock's rate against the grandmaster, or null without PTP
 * @param disciplineMode "off" (monitor only), "ntp" or "ptp+ntp": what steers the system clock
 * @param servingNtp     the station serves its time over NTP
 * @param recordingBeganBeforeSync the session began before the engine had a synchronised NTP source
 */
public record StationStatus(String sessionId, boolean recording, long elapsedNs, long framesRecorded, int files,
                            long diskFreeBytes, long diskSecondsLeft, String syncState, String ntpSource,
                            Long ntpOffsetNs, List<String> health, Long ntpDelayNs, Integer ntpStratum,
                            Long ntpLastSampleAgeNs, String ptpGrandmaster, Double ptpRatePpm, String disciplineMode,
                            boolean servingNtp, boolean recordingBeganBeforeSync) {

    public StationStatus {
        health = List.copyOf(health);
    }

    /** Without the sync details (null, "off", false): what a view that knows none gives. */
    public StationStatus(String sessionId, boolean recording, long elapsedNs, long framesRecorded, int files,
                         long diskFreeBytes, long diskSecondsLeft, String syncState, String ntpSource,
                         Long ntpOffsetNs, List<String> health) {
        this(sessionId, recording, elapsedNs, framesRecorded, files, diskFreeBytes, diskSecondsLeft, syncState,
                ntpSource, ntpOffsetNs, health, null, null, null, null, null, "off", false, false);
    }
}
