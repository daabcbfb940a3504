package io.tidemark.recorder.stamp;

import io.tidemark.recorder.capture.StampSource;

/**
 * One audio buffer's stamp: a row of the {@code buffers} table. The clocks were read right after the
 * device's read returned, so they stamp the arrival of frame {@code sampleIndex + frames} (the end
 * of the buffer) plus a non-negative latency.
 *
 * @param seq           buffer sequence number, from 0
 * @param sampleIndex   index of the buffer's first frame since session start, in delivered frames
 * @param frames        frames in the buffer
 * @param sysRealtimeNs CLOCK_REALTIME at arrival
 * @param monoRawNs     CLOCK_MONOTONIC_RAW at arrival
 * @param ntpTimeNs     the NTP reference's estimate of UTC at arrival, or null while there is none
 * @param ptpTimeNs     PTP time at arrival while a PTP source is locked, else null
 * @param flags         {@link #SUSPECTED_OVERRUN}, {@link #DEVICE_REOPENED}, {@link #CLOCK_STEPPED}, sync state
 * @param fillFrames    frames the device held unread right after the read, or {@link #FILL_UNKNOWN}
 * @param stampSource   how the arrival was timed: when the read returned, or by the kernel (ALSA), in
 *                      which case both clocks are the reading after the read moved back to the kernel's time
 */
public record BufferStamp(long seq, long sampleIndex, int frames, long sysRealtimeNs, long monoRawNs,
                          Long ntpTimeNs, Long ptpTimeNs, int flags, long fillFrames, StampSource stampSource) {

    /** fillFrames of a device that does not report its fill (Java Sound, simulated); stored as NULL. */
    public static final long FILL_UNKNOWN = -1;

    /** A stamp taken when the read returned, from a device that does not report its fill. */
    public BufferStamp(long seq, long sampleIndex, int frames, long sysRealtimeNs, long monoRawNs,
                       Long ntpTimeNs, Long ptpTimeNs, int flags) {
        this(seq, sampleIndex, frames, sysRealtimeNs, monoRawNs, ntpTimeNs, ptpTimeNs, flags, FILL_UNKNOWN,
                StampSource.READ_RETURN);
    }

    /** Audio may have been lost before this buffer: the device reported an overrun. */
    public static final int SUSPECTED_OVERRUN = 0x1;
    /** The device was lost and reopened before this buffer. */
    public static final int DEVICE_REOPENED = 0x2;
    /** CLOCK_REALTIME stepped (moved against CLOCK_MONOTONIC_RAW) before this buffer. */
    public static final int CLOCK_STEPPED = 0x4;
    static final int SYNC_SHIFT = 8;
    static final int SYNC_MASK = 0xF << SYNC_SHIFT;
    /** How many sync-state codes flags bits 8..11 can hold, those a later version may add included. */
    public static final int SYNC_STATE_CODES = (SYNC_MASK >>> SYNC_SHIFT) + 1;

    /** What the time references were doing when the buffer arrived: flags bits 8..11. */
    public enum SyncState {
        NONE(0, "none"), NTP(1, "ntp"), PTP_LOCKED(2, "ptp-locked"), HOLDOVER(3, "holdover");

        /** The value stored in flags bits 8..11. */
        public final int code;
        /** Its name in reports and in a stored time model's sync_states text. */
        public final String text;

        SyncState(int code, String text) {
            this.code = code;
            this.text = text;
        }

        /** {@link #text} of the state with {@code code}; "state N" for a code this version does not know. */
        public static String textOf(int code) {
            for (SyncState s : values()) {
                if (s.code == code) {
                    return s.text;
                }
            }
            return "state " + code;
        }

        public static SyncState of(int code) {
            for (SyncState s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown sync state " + code);
        }
    }

    public static int withSyncState(int flags, SyncState state) {
        return (flags & ~SYNC_MASK) | (state.code << SYNC_SHIFT);
    }

    public SyncState syncState() {
        return SyncState.of(syncStateCode(flags));
    }

    /** The sync-state code in {@code flags}, known to this version or not. */
    public static int syncStateCode(int flags) {
        return (flags & SYNC_MASK) >>> SYNC_SHIFT;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Index of the frame just after this buffer: the frame whose arrival the clocks stamp. */
    public long endSampleIndex() {
        return sampleIndex + frames;
    }
}
