package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.time.RealScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Our client against a real chronyd serving on loopback; both read the same kernel clock, so truth is 0. */
class NtpClientChronyTest {

    @Test
    void readsOffsetDelayStratumAndRefIdFromChrony() throws Exception {
        int port = ChronyRig.freePort();
        try (ChronyRig chrony = ChronyRig.server(port, 3)) {
            SystemClock clock = SystemClock.platform();
            NtpServerAddress server = new NtpServerAddress("127.0.0.1", port);
            List<NtpReplyCheck.Result> valid = new ArrayList<>();
            try (UdpNtpTransport udp = new UdpNtpTransport(clock)) {
                long deadline = System.nanoTime() + 60_000_000_000L; // generous: CI machines can be loaded
                while (valid.size() < 16 && System.nanoTime() < deadline) {
                    ClockReading t1 = clock.read();
                    long tx = NtpTimestamp.fromUnixNs(t1.realtimeNs());
                    udp.send(server, NtpPacket.clientRequest(tx).encode(), 500_000_000L, new NtpTransport.Listener() {
                        @Override
                        public void replied(byte[] reply, int length, ClockReading t4) {
                            NtpReplyCheck.Result r = NtpReplyCheck.check(server, t1, tx, reply, length, t4, 1_000_000);
                            if (r.valid()) {
                                valid.add(r);
                            }
                        }

                        @Override
                        public void timedOut() {
                        }

                        @Override
                        public void failed(String reason) {
                            fail(reason);
                        }
                    });
                    Thread.sleep(30);
                }
            }
            assertTrue(valid.size() >= 8, "chronyd answered " + valid.size() + " requests validly\n" + chrony.output());
            NtpSample best = Collections.min(valid, (a, b) -> Long.compare(a.sample().delayNs(), b.sample().delayNs()))
                    .sample();
            assertTrue(Math.abs(best.offsetNs()) < 100_000, "offset " + best.offsetNs() + " ns");
            assertTrue(Math.abs(best.offsetNs()) < best.delayNs(), "offset " + best.offsetNs() + " ns, delay "
                    + best.delayNs() + " ns");
            assertEquals(3, best.stratum());
            assertEquals(0, best.leap());
            // chrony's local reference is 127.127.1.1 (LOCAL_REFERENCE_ID 0x7F7F0101); at stratum > 1 it reads as an address.
            assertEquals("127.127.1.1", best.refId());
        }
    }

    @Test
    void clientSynchronisesToChronyOnARealScheduler() throws Exception {
        int port = ChronyRig.freePort();
        try (ChronyRig chrony = ChronyRig.server(port, 1);
             RealScheduler scheduler = new RealScheduler("ntp-test");
             UdpNtpTransport udp = new UdpNtpTransport(SystemClock.platform())) {
            SystemClock clock = SystemClock.platform();
            List<NtpSample> samples = Collections.synchronizedList(new ArrayList<>());
            NtpClientConfig cfg = NtpClientConfig.defaults().withPoll(-1, -1).withBurst(4, 10_000_000L)
                    .withTimeout(300_000_000L);
            NtpServerAddress server = new NtpServerAddress("127.0.0.1", port);
            try (NtpClient client = new NtpClient(List.of(server), cfg, clock, udp, scheduler, samples::add)) {
                client.start();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline && client.status().sources().get(0).accepted() < 3) {
                    Thread.sleep(100);
                }
                NtpClientStatus st = client.status();
                assertTrue(st.synchronised(), st + "\n" + samples + "\n" + chrony.output());
                assertEquals(1, st.stratum());
                assertTrue(Math.abs(st.offsetNs()) < 100_000, "offset " + st.offsetNs());
                ClockReading now = clock.read();
                long utc = client.timeNsAt(now).orElseThrow();
                assertTrue(Math.abs(utc - now.realtimeNs()) < 100_000, "UTC - REALTIME = " + (utc - now.realtimeNs()));
                NtpSample accepted = samples.stream().filter(NtpSample::accepted).findFirst().orElseThrow();
                assertTrue(Math.abs(accepted.offsetNs()) < accepted.delayNs());
                assertEquals(1, accepted.stratum());
            }
        }
    }
}
