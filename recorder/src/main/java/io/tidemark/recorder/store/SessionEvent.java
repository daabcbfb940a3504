package io.tidemark.recorder.store;

/**
 * An {@code events} row: something that happened to the recording.
 *
 * @param realtimeNs  CLOCK_REALTIME when it happened
 * @param monoRawNs   CLOCK_MONOTONIC_RAW when it happened
 * @param sampleIndex the delivered sample index it applies to, or null
 * @param kind        what happened
 * @param detail      free text for people, may be null
 * @param frames      frames concerned (e.g. estimated frames lost in a gap), or null
 */
public record SessionEvent(long realtimeNs, long monoRawNs, Long sampleIndex, Kind kind, String detail,
                           Long frames) {

    /** What happened; {@link #text} is the events table's kind column (docs/schema.md lists them). */
    public enum Kind {
        SESSION_STARTED("session_started"),
        SESSION_STOPPED("session_stopped"),
        DEVICE_OPENED("device_opened"),
        DEVICE_CLOSED("device_closed"),
        DEVICE_LOST("device_lost"),
        DEVICE_REOPENED("device_reopened"),
        OVERRUN("overrun"),
        GAP("gap"),
        DISK_LOW("disk_low"),
        DISK_FULL("disk_full"),
        CLOCK_STEP("clock_step"),
        NTP_SERVER_CHANGE("ntp_server_change"),
        FILE_REPAIRED("file_repaired"),
        /** The audio went on in another folder (an overflow disk); detail names it and why. */
        FOLDER_CHANGED("folder_changed"),
        /** The station's: a channel fell silent / came back, clipped, the device absent, a person's stop or start. */
        CHANNEL_SILENT("channel_silent"),
        CHANNEL_SOUND("channel_sound"),
        CHANNEL_CLIPPING("channel_clipping"),
        /** The station's: a channel stopped clipping (a second without clipping after {@code channel_clipping}). */
        CHANNEL_CLIPPING_END("channel_clipping_end"),
        DEVICE_ABSENT("device_absent"),
        /** The station's: no valid NTP answer for a few polls (the "time source lost" alert), and answers again. */
        TIME_SOURCE_LOST("time_source_lost"),
        TIME_SOURCE_BACK("time_source_back"),
        USER_STOP("user_stop"),
        ERROR("error");

        /** As stored. */
        public final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The kind stored as {@code text}. */
        public static Kind of(String text) {
            for (Kind k : values()) {
                if (k.text.equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown event kind '" + text + "'");
        }
    }
}
