package io.tidemark.sync.ntp;

/**
 * The clock an NTP server serves, and what it may honestly say about it. The servo (which
 * disciplines CLOCK_REALTIME) plugs in here; until it exists, {@link NtpFollowingClock} serves the
 * NTP client's UTC estimate and {@link NtpLocalClock} the system clock as-is.
 */
public interface NtpServedClock {

    /** The time served now, ns since the Unix epoch. Read as late as possible for T3. */
    long nowNs();

    /** The time served at the moment both system clocks read {@code reading} (a datagram's arrival, T2). */
    long timeNsAt(io.tidemark.sync.clock.ClockReading reading);

    /** What the server announces: stratum, leap, reference, root delay and dispersion. */
    State state();

    /** The system clock, announced as unsynchronised: clients hear LI=3, stratum 16 and use nothing. */
    static NtpServedClock unsynchronised(io.tidemark.sync.clock.SystemClock clock) {
        return new NtpServedClock() {
            @Override
            public long nowNs() {
                return clock.realtimeNs();
            }

            @Override
            public long timeNsAt(io.tidemark.sync.clock.ClockReading reading) {
                return reading.realtimeNs();
            }

            @Override
            public State state() {
                return State.unsynchronised();
            }
        };
    }

    /**
     * @param synchronised      false: the server replies LI=3, stratum 16
     * @param leap              leap indicator when synchronised (0 normally)
     * @param stratum           1..15 when synchronised
     * @param referenceId       the reference ID (an upstream's IPv4 address, or an ASCII code)
     * @param referenceTimeNs   when the clock was last set or corrected, ns since the Unix epoch
     * @param rootDelayNs       round-trip delay to the primary reference
     * @param rootDispersionNs  maximum error relative to the primary reference
     * @param precisionLog2     log2 s of the clock's precision
     */
    record State(boolean synchronised, int leap, int stratum, int referenceId, long referenceTimeNs, long rootDelayNs,
                 long rootDispersionNs, int precisionLog2) {

        public static State unsynchronised() {
            return new State(false, NtpPacket.LEAP_UNSYNCHRONISED, NtpPacket.STRATUM_UNSYNCHRONISED, 0, 0, 0, 0, -20);
        }
    }
}
