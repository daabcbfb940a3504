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
 */
public record StationStatus(String sessionId, boolean recording, long elapsedNs, long framesRecorded, int files,
                            long diskFreeBytes, long diskSecondsLeft, String syncState, String ntpSource,
                            Long ntpOffsetNs, List<String> health) {

    public StationStatus {
        health = List.copyOf(health);
    }
}
