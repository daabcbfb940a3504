package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

/**
 * Serves the system clock as it is, at a fixed stratum ({@code --local-stratum N}): for isolated
 * networks where agreeing with each other matters more than agreeing with UTC. Opt-in only.
 */
public final class NtpLocalClock implements NtpServedClock {

    private final SystemClock clock;
    private final int stratum;
    private final long startNs;

    public NtpLocalClock(SystemClock clock, int stratum) {
        if (stratum < 1 || stratum > 15) {
            throw new IllegalArgumentException("local stratum must be 1..15, not " + stratum);
        }
        this.clock = clock;
        this.stratum = stratum;
        this.startNs = clock.realtimeNs();
    }

    @Override
    public long nowNs() {
        return clock.realtimeNs();
    }

    @Override
    public long timeNsAt(ClockReading reading) {
        return reading.realtimeNs();
    }

    @Override
    public State state() {
        // Reference "LOCL" with no claim of a root delay; dispersion admits the clock is free-running.
        return new State(true, 0, stratum, NtpPacket.asciiReferenceId("LOCL"), startNs, 0, 1_000_000, -20);
    }
}
