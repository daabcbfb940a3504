package io.tidemark.sync.clock;

import io.tidemark.sync.servo.ServoState;

import java.util.Locale;

/**
 * One thing the sync core did to, or learned about, the system clock: a state change, a frequency
 * adjustment, a slew, a step. Logged so that analysis can account for every adjustment.
 *
 * @param realtimeNs   CLOCK_REALTIME when it happened
 * @param monoRawNs    CLOCK_MONOTONIC_RAW when it happened
 * @param kind         what happened
 * @param frequencyPpm the frequency adjustment in force afterwards, ppm
 * @param phaseNs      the step or slew applied, ns (0 if none)
 * @param state        the servo state afterwards (stored as its name: "ACQ", "LOCK", "HOLDOVER", ...)
 * @param detail       free text for people, may be null
 */
public record ClockEvent(long realtimeNs, long monoRawNs, Kind kind, double frequencyPpm, long phaseNs,
                         ServoState state, String detail) {

    public enum Kind {
        /** The engine's state changed (or it started). */
        STATE,
        /** A new frequency went to the clock. */
        FREQUENCY,
        /** The phase loop slews an offset out. */
        SLEW,
        /** The clock was stepped. */
        STEP,
        /** The reference changed: a new grandmaster, PTP back after holdover. */
        SOURCE;

        /** As clock_events.kind stores it: "state", "frequency", "slew", "step", "source". */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
