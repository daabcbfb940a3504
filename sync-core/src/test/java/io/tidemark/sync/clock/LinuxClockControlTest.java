package io.tidemark.sync.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Reads the real kernel clock state with modes = 0 only: nothing is written. */
class LinuxClockControlTest {

    @Test
    void readsTheRealTimexReadOnlyWithSaneValues() {
        assertTrue(LinuxClockControl.isAvailable(), "clock_adjtime must be reachable on Linux");
        TimexReading r = LinuxClockControl.read();
        assertTrue(r.state() >= 0 && r.state() <= 5, "clock state " + r.state());
        assertTrue(Math.abs(r.frequencyPpm()) <= 500.0, "freq " + r.frequencyPpm());
        assertTrue(r.tickUs() >= 9000 && r.tickUs() <= 11000, "tick " + r.tickUs());
        assertTrue(r.maxErrorUs() >= 0);
        assertTrue(r.taiOffsetS() >= 0 && r.taiOffsetS() < 100);
    }
}
