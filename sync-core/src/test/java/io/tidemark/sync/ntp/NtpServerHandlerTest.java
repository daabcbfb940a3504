package io.tidemark.sync.ntp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's judgement, without sockets: what is answered, what gets silence. */
class NtpServerHandlerTest {

    static final long NOW_NS = 1_795_000_000_123_456_789L;

    /** A served clock at stratum 2 that reads a fixed instant plus how often it was read (ns). */
    static final class FixedClock implements NtpServedClock {
        long reads;
        boolean synced = true;

        @Override
        public long nowNs() {
            return NOW_NS + 1_000 * reads++;
        }

        @Override
        public long timeNsAt(io.tidemark.sync.clock.ClockReading reading) {
            return nowNs();
        }

        @Override
        public State state() {
            return synced ? new State(true, 0, 2, 0x0A00_0001, NOW_NS - 5_000_000_000L, 300_000, 150_000, -20)
                    : State.unsynchronised();
        }
    }

    static InetAddress addr(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    static NtpServerHandler handler(FixedClock clock, NtpRateLimiter limiter, boolean kod) {
        return new NtpServerHandler(clock, NtpAccessList.loopbackAnd(List.of(CidrRange.parse("192.0.2.0/24"))),
                limiter, kod);
    }

    static byte[] request(int version, int mode, long transmit) {
        NtpPacket p = new NtpPacket(0, version, mode, 0, 6, -20, 0, 0, 0, 0, 0, 0, transmit);
        return p.encode();
    }

    @Test
    void answersAClientRequestWithHonestHeaderAndLateTransmit() throws Exception {
        FixedClock clock = new FixedClock();
        NtpServerHandler h = handler(clock, null, false);
        byte[] req = request(4, NtpPacket.MODE_CLIENT, 0x1234_5678_9ABC_DEF0L);
        byte[] reply = h.handle(req, req.length, NOW_NS - 7_000, addr("127.0.0.1")).orElseThrow();
        assertEquals(48, reply.length);
        NtpPacket p = NtpPacket.decode(reply).orElseThrow();
        assertEquals(NtpPacket.MODE_SERVER, p.mode());
        assertEquals(4, p.version());
        assertEquals(0, p.leap());
        assertEquals(2, p.stratum());
        assertEquals("10.0.0.1", p.referenceIdText());
        assertEquals(0x1234_5678_9ABC_DEF0L, p.originTs());
        assertEquals(NOW_NS - 7_000, NtpTimestamp.toUnixNs(p.receiveTs(), NOW_NS));
        assertEquals(NOW_NS, NtpTimestamp.toUnixNs(p.transmitTs(), NOW_NS), "T3 read from the served clock");
        assertEquals(300_000, p.rootDelayNs(), 7_630.0); // short format: 15.26 µs units
        assertEquals(150_000, p.rootDispersionNs(), 7_630.0);
        // Version 3 clients get a version 3 reply.
        byte[] v3 = request(3, NtpPacket.MODE_CLIENT, 5);
        assertEquals(3, NtpPacket.decode(h.handle(v3, 48, NOW_NS, addr("::1")).orElseThrow()).orElseThrow().version());
    }

    @Test
    void unsynchronisedServerSaysSo() throws Exception {
        FixedClock clock = new FixedClock();
        clock.synced = false;
        byte[] req = request(4, NtpPacket.MODE_CLIENT, 9);
        NtpPacket p = NtpPacket.decode(handler(clock, null, false).handle(req, 48, NOW_NS, addr("127.0.0.1"))
                .orElseThrow()).orElseThrow();
        assertEquals(3, p.leap());
        assertEquals(16, p.stratum());
    }

    @Test
    void silenceForEverythingThatIsNotAPermittedClientRequest() throws Exception {
        FixedClock clock = new FixedClock();
        NtpServerHandler h = handler(clock, null, false);
        InetAddress lo = addr("127.0.0.1");
        for (int mode : new int[]{0, 1, 2, 4, 5, 6, 7}) {
            byte[] req = request(4, mode, 1);
            assertTrue(h.handle(req, 48, NOW_NS, lo).isEmpty(), "mode " + mode);
        }
        // Mode 6 and 7 as ntpq/ntpdc send them: 12- and 8-byte headers, no NTP header at all.
        byte[] ntpq = {0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] ntpdc = {0x17, 0x00, 0x03, 0x2A, 0, 0, 0, 0};
        assertTrue(h.handle(ntpq, ntpq.length, NOW_NS, lo).isEmpty());
        assertTrue(h.handle(ntpdc, ntpdc.length, NOW_NS, lo).isEmpty());
        // Short packets, even ones that start like a request.
        byte[] good = request(4, NtpPacket.MODE_CLIENT, 1);
        for (int n = 0; n < 48; n++) {
            assertTrue(h.handle(good, n, NOW_NS, lo).isEmpty(), n + " bytes");
        }
        // Addresses outside the allow-list; inside it they are answered.
        for (String a : List.of("192.0.3.1", "10.0.0.1", "8.8.8.8", "2001:db8::1", "fe80::1")) {
            assertTrue(h.handle(good, 48, NOW_NS, addr(a)).isEmpty(), a);
        }
        assertTrue(h.handle(good, 48, NOW_NS, addr("192.0.2.77")).isPresent());
        // Random bytes that are not a client request.
        SplittableRandom r = new SplittableRandom(6);
        int tried = 0;
        while (tried < 10_000) {
            byte[] junk = new byte[r.nextInt(0, 200)];
            r.nextBytes(junk);
            if (NtpPacket.decode(junk).filter(p -> p.mode() == NtpPacket.MODE_CLIENT).isPresent()) {
                continue; // indistinguishable from a real request: the fuzz test covers these
            }
            tried++;
            assertTrue(h.handle(junk, junk.length, NOW_NS, lo).isEmpty());
        }
        assertEquals(0, h.count(NtpServerHandler.Outcome.REPLIED) - 1);
    }

    @Test
    void twoHundredRequestsInTwoSecondsAreRateLimited() throws Exception {
        FixedClock clock = new FixedClock();
        NtpServerHandler h = handler(clock, NtpRateLimiter.defaults(), true);
        InetAddress lo = addr("127.0.0.1");
        int replies = 0, kisses = 0;
        for (int i = 0; i < 200; i++) {
            byte[] req = request(4, NtpPacket.MODE_CLIENT, i + 1);
            Optional<byte[]> reply = h.handle(req, 48, NOW_NS + i * 10_000_000L, lo);
            if (reply.isPresent()) {
                assertTrue(reply.get().length <= req.length);
                NtpPacket p = NtpPacket.decode(reply.get()).orElseThrow();
                if (p.isKissOfDeath()) {
                    assertEquals("RATE", p.kissCode());
                    kisses++;
                } else {
                    replies++;
                }
            }
        }
        // Burst 16 plus 8/s over 2 s: about 32 answered, the rest limited, a KoD RATE about once a second.
        assertTrue(replies >= 30 && replies <= 34, "replies " + replies);
        assertTrue(kisses >= 1 && kisses <= 3, "kisses " + kisses);
        // Another address is not affected.
        assertTrue(h.handle(request(4, 3, 1), 48, NOW_NS + 2_000_000_000L, addr("127.0.0.2")).isPresent());
    }
}
