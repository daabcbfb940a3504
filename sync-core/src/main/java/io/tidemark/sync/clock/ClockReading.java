package io.tidemark.sync.clock;

/**
 * One read of the workstation's two clocks, taken together.
 *
 * @param realtimeNs CLOCK_REALTIME: the (possibly disciplined) system time, ns since the Unix epoch
 * @param monoRawNs  CLOCK_MONOTONIC_RAW: the undisciplined oscillator, ns since an arbitrary origin
 */
public record ClockReading(long realtimeNs, long monoRawNs) {
}
