package io.tidemark.sync.clock;

/**
 * One read of the workstation's two clocks, taken together.
 *
 * @param realtimeNs CLOCK_REALTIME: the (possibly disciplined) system time, ns since the Unix epoch
 * @param monoRawNs  CLOCK_MONOTONIC_RAW: the undisciplined oscillator, ns since an arbitrary origin
 */
public record ClockReading(long realtimeNs, long monoRawNs) {

    /**
     * Both clocks at an earlier moment that only CLOCK_REALTIME recorded, such as a kernel packet stamp:
     * RAW is this reading's, less the REALTIME time since (the two run together over so short a span).
     */
    public ClockReading carriedBackTo(long earlierRealtimeNs) {
        long sinceNs = Math.max(0, realtimeNs - earlierRealtimeNs);
        return new ClockReading(earlierRealtimeNs, monoRawNs - sinceNs);
    }
}
