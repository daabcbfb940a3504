package io.tidemark.sync.servo;

/**
 * Where a servo stands. The rate servo climbs ACQ → PROD → LOCK → NANO as its frequency estimate
 * tightens; the engine adds HOLDOVER (reference lost, last frequency kept) and NTP_ONLY / FREE.
 */
public enum ServoState {
    /** Acquiring: too few measurements for an estimate. */
    ACQ,
    /** Producing: an estimate is applied but not yet trusted. */
    PROD,
    /** Locked: the frequency estimate is good to {@link RateServo.Config#lockEnterPpm()}. */
    LOCK,
    /** Nanosecond-class lock: good to {@link RateServo.Config#nanoEnterPpm()}. */
    NANO,
    /** The reference was lost: the last frequency is held. */
    HOLDOVER,
    /** No PTP: frequency and phase from NTP alone. */
    NTP_ONLY,
    /** No reference at all. */
    FREE;

    public boolean locked() {
        return this == LOCK || this == NANO;
    }
}
