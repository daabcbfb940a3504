package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.ClockReading;

/** How a port sends: the real multicast socket, or a simulated network. */
public interface PtpTransport {

    /** A packet sent and when it left. */
    record Sent(ClockReading txTime, TimestampSource source) {
    }

    /** Sends {@code packet} to the PTP group, on the event port (319) or the general port (320). */
    Sent send(byte[] packet, boolean eventPort);
}
