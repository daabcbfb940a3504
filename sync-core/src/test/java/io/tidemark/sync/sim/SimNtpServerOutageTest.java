package io.tidemark.sync.sim;

import io.tidemark.sync.ntp.NtpPacket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimNtpServerOutageTest {

    @Test
    void aServerIsSilentDuringItsOutageOnlyAndAnswersAroundIt() {
        long t0 = 1_795_176_000_000_000_000L;
        SimNtpServer server = new SimNtpServer(new SimTimeline(t0), 0, 1, "GPS").unreachable(t0 + 100, t0 + 200);
        byte[] request = NtpPacket.clientRequest(0).encode();
        assertTrue(server.handle(request, request.length, t0 + 99).isPresent(), "before the outage");
        assertFalse(server.handle(request, request.length, t0 + 100).isPresent(), "at its start");
        assertFalse(server.handle(request, request.length, t0 + 199).isPresent(), "inside");
        assertTrue(server.handle(request, request.length, t0 + 200).isPresent(), "at its end it answers again");
    }
}
