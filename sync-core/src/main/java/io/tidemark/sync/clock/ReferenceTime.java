package io.tidemark.sync.clock;

import java.util.OptionalLong;

/**
 * A reference timescale as currently estimated from the workstation's clocks: UTC from NTP, or the
 * PTP grandmaster's time. The recorder asks it for every buffer; empty means "no estimate yet".
 */
public interface ReferenceTime {

    /** The reference time, in ns, at the instant of {@code reading}; empty while unsynchronised. */
    OptionalLong timeNsAt(ClockReading reading);

    /** A reference that never has an estimate. */
    ReferenceTime NONE = reading -> OptionalLong.empty();
}
