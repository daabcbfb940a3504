package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.time.RealScheduler;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our server as chrony's server: upstream chronyd → our client → our server → chronyd -Q, which
 * measures our served time against the same kernel clock (truth 0). The wiring is that of
 * {@code tidemark ntp serve --upstream}.
 */
class NtpServerChronyTest {

    // Upstream on another loopback address: chrony rejects a server whose refid is its own address
    // (synchronisation-loop test), and the measuring chronyd talks from 127.0.0.1.
    private static final String UPSTREAM = "127.0.0.2";

    @Test
    void chronyAcceptsOurServerFollowingChronyAndMeasuresUnder100Microseconds() throws Exception {
        int upstreamPort = ChronyRig.freePort();
        SystemClock clock = SystemClock.platform();
        try (ChronyRig upstream = ChronyRig.server(UPSTREAM, upstreamPort, 1);
             RealScheduler scheduler = new RealScheduler("ntp-upstream");
             UdpNtpTransport udp = new UdpNtpTransport(clock);
             NtpClient client = new NtpClient(List.of(new NtpServerAddress(UPSTREAM, upstreamPort)),
                     NtpClientConfig.defaults().withPoll(-1, -1).withBurst(4, 10_000_000L).withTimeout(300_000_000L),
                     clock, udp, scheduler, NtpSampleSink.NONE)) {
            NtpFollowingClock served = new NtpFollowingClock(client, clock);
            NtpServerHandler handler = new NtpServerHandler(served, NtpAccessList.loopbackAnd(List.of()),
                    NtpRateLimiter.defaults(), false);
            try (NtpServer server = NtpServer.start(new InetSocketAddress("127.0.0.1", 0), served, handler, clock)) {
                int port = server.localAddress().getPort();
                // Before the client has synchronised, the server says it is unsynchronised.
                NtpPacket early = ask(port, InetAddress.getByName("127.0.0.1"));
                assertEquals(NtpPacket.LEAP_UNSYNCHRONISED, early.leap());
                assertEquals(16, early.stratum());

                client.start();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!client.status().synchronised() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(client.status().synchronised(), "client did not follow chronyd: " + client.status()
                        + "\n" + upstream.output());
                Thread.sleep(1_100); // the served state is refreshed once a second
                NtpPacket synced = ask(port, InetAddress.getByName("127.0.0.1"));
                assertEquals(0, synced.leap());
                assertEquals(2, synced.stratum(), "upstream stratum 1 + 1");
                assertEquals(UPSTREAM, synced.referenceIdText());

                // A continuous chronyd client, not -Q: on a 2-vCPU CI runner five -Q runs in a row ended in
                // "No suitable source" or one late reply's -172 us, while every sample was within 17 us.
                try (ChronyRig measuring = ChronyRig.measuringClient(port)) {
                    Optional<ChronyRig.ChronyEstimate> estimate = measuring.awaitEstimate(8, 3, 90_000);
                    assertTrue(estimate.isPresent(), "chronyd never selected our server and estimated its offset:\n"
                            + measuring.output()
                            + "\nclient: " + client.status()
                            + "\nour server now says: " + describe(ask(port, InetAddress.getByName("127.0.0.1")))
                            + "\nserver outcomes: " + outcomes(handler));
                    System.out.printf("chronyd measured our server %.1f us off (%d samples)%n",
                            estimate.get().estOffsetNs() / 1e3, estimate.get().samples());
                    assertTrue(Math.abs(estimate.get().estOffsetNs()) < 100_000L,
                            "chronyd measured our server " + estimate.get() + ", not within 100 us:\n" + measuring.output());
                }
            }
        }
    }

    @Test
    void realSocketIgnoresAddressesOutsideTheAllowList() throws Exception {
        SystemClock clock = SystemClock.platform();
        NtpServedClock served = new NtpLocalClock(clock, 10);
        // Loopback not allowed wholesale: only 127.0.0.1 is.
        NtpAccessList access = new NtpAccessList(false, List.of(CidrRange.parse("127.0.0.1/32")));
        NtpServerHandler handler = new NtpServerHandler(served, access, null, false);
        try (NtpServer server = NtpServer.start(new InetSocketAddress("0.0.0.0", 0), served, handler, clock)) {
            int port = server.localAddress().getPort();
            NtpPacket reply = ask(port, InetAddress.getByName("127.0.0.1"));
            assertEquals(10, reply.stratum());
            assertEquals(NtpPacket.asciiReferenceId("LOCL"), reply.referenceId());
            assertTrue(NtpProbe.askOrNull(port, InetAddress.getByName("127.0.0.2")) == null, "127.0.0.2 must get silence");
            assertEquals(1, handler.count(NtpServerHandler.Outcome.DENIED));
        }
    }

    private static String outcomes(NtpServerHandler h) {
        StringBuilder b = new StringBuilder();
        for (NtpServerHandler.Outcome o : NtpServerHandler.Outcome.values()) {
            b.append(o).append('=').append(h.count(o)).append(' ');
        }
        return b.toString();
    }

    private static String describe(NtpPacket p) {
        return "leap " + p.leap() + ", stratum " + p.stratum() + ", refid " + p.referenceIdText() + ", root delay "
                + p.rootDelayNs() + " ns, root dispersion " + p.rootDispersionNs() + " ns";
    }

    /** One request from {@code from} to 127.0.0.1:port. */
    static NtpPacket ask(int port, InetAddress from) throws Exception {
        NtpPacket p = NtpProbe.askOrNull(port, from);
        assertTrue(p != null, "no reply from our server");
        return p;
    }
}
