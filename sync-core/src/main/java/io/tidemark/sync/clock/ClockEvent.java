package io.tidemark.sync.clock;

/**
 * One thing the sync core did to, or learned about, the system clock: a state change, a frequency
 * adjustment, a slew, a step. Logged so that analysis can account for every adjustment.
 *
 * @param realtimeNs   CLOCK_REALTIME when it happened
 * @param monoRawNs    CLOCK_MONOTONIC_RAW when it happened
 * @param kind         what happened, e.g. "state", "frequency", "slew", "step", "source"
 * @param frequencyPpm the frequency adjustment in force afterwards, ppm
 * @param phaseNs      the step or slew applied, ns (0 if none)
 * @param state        the servo state afterwards, e.g. "ACQ", "LOCK", "HOLDOVER"
 * @param detail       free text for people, may be null
 */
public record ClockEvent(long realtimeNs, long monoRawNs, String kind, double frequencyPpm, long phaseNs,
                         String state, String detail) {
}
