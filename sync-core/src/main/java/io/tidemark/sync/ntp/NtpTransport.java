package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;

/**
 * Carries one NTP request to a server and its reply back. The real one is UDP
 * ({@link UdpNtpTransport}); the simulated one ({@code io.tidemark.sync.sim.SimulatedNtpTransport})
 * moves packets over simulated network paths on the simulation's timeline.
 *
 * <p>The transport stamps the reply's arrival itself, reading the injected system clock
 * (CLOCK_REALTIME and CLOCK_MONOTONIC_RAW) as close to the arrival as it can: that reading is T4.
 * Exactly one of the listener's methods is called per request, possibly before {@link #send}
 * returns (a blocking transport) or later on the scheduler's thread (the simulation).
 */
public interface NtpTransport extends AutoCloseable {

    /**
     * Sends {@code request} to {@code server} and reports the first reply that arrives within
     * {@code timeoutNs}, or the failure.
     */
    void send(NtpServerAddress server, byte[] request, long timeoutNs, Listener listener);

    @Override
    void close();

    /** What became of one request. */
    interface Listener {
        /**
         * A datagram came back from the server.
         *
         * @param reply    its bytes (the array may be longer than {@code length})
         * @param length   how many bytes arrived
         * @param received both clocks read at its arrival (T4)
         */
        void replied(byte[] reply, int length, ClockReading received);

        /** No reply within the timeout (lost, or nobody answers). */
        void timedOut();

        /** The request could not be sent: unknown host, no route, closed transport. */
        void failed(String reason);
    }
}
