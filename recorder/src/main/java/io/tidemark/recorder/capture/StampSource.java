package io.tidemark.recorder.capture;

/** Where a buffer's arrival time came from: the {@code buffers.stamp_source} values. */
public enum StampSource {
    /** The clocks read in user space when the device's read returned (Java Sound, simulated, ALSA plugins). */
    READ_RETURN(0),
    /** The kernel's timestamp of the hardware pointer update ({@code snd_pcm_status} htstamp), minus the frames captured since. */
    KERNEL(1),
    /**
     * The read's return less the frames the device held beyond the buffer ({@code avail}) at the nominal
     * rate: those arrived after the buffer's end and before the read returned, so this is still the
     * arrival plus a non-negative latency, with the backlog a stalled reader left removed (ALSA
     * plugins such as pulse, whose status carries no kernel timestamp).
     */
    READ_RETURN_LESS_FILL(2);

    /** As stored in {@code buffers.stamp_source}. */
    public final int code;

    StampSource(int code) {
        this.code = code;
    }

    public static StampSource of(int code) {
        for (StampSource s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stamp source " + code);
    }
}
