package io.tidemark.recorder.store;

/**
 * An {@code events} row: something that happened to the recording.
 *
 * @param realtimeNs  CLOCK_REALTIME when it happened
 * @param monoRawNs   CLOCK_MONOTONIC_RAW when it happened
 * @param sampleIndex the delivered sample index it applies to, or null
 * @param kind        one of the {@code KIND_*} names below (docs/schema.md lists them)
 * @param detail      free text for people, may be null
 * @param frames      frames concerned (e.g. estimated frames lost in a gap), or null
 */
public record SessionEvent(long realtimeNs, long monoRawNs, Long sampleIndex, String kind, String detail,
                           Long frames) {

    public static final String SESSION_STARTED = "session_started";
    public static final String SESSION_STOPPED = "session_stopped";
    public static final String DEVICE_OPENED = "device_opened";
    public static final String DEVICE_CLOSED = "device_closed";
    public static final String DEVICE_LOST = "device_lost";
    public static final String DEVICE_REOPENED = "device_reopened";
    public static final String OVERRUN = "overrun";
    public static final String GAP = "gap";
    public static final String DISK_LOW = "disk_low";
    public static final String DISK_FULL = "disk_full";
    public static final String CLOCK_STEP = "clock_step";
    public static final String NTP_SERVER_CHANGE = "ntp_server_change";
    public static final String FILE_REPAIRED = "file_repaired";
    public static final String ERROR = "error";
}
