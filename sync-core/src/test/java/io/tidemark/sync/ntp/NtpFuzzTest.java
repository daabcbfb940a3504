package io.tidemark.sync.ntp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million random and mutated datagrams through the decoder, the reply check and the server's
 * handler: nothing throws, nothing that is not a well-formed client request gets a reply, and no
 * reply is longer than what it answers.
 */
class NtpFuzzTest {

    @Test
    void aMillionHostileDatagrams() throws Exception {
        SplittableRandom r = new SplittableRandom(20261121);
        NtpServerHandlerTest.FixedClock clock = new NtpServerHandlerTest.FixedClock();
        NtpServerHandler handler = new NtpServerHandler(clock, NtpAccessList.loopbackAnd(List.of()), null, false);
        InetAddress lo = InetAddress.getLoopbackAddress();
        InetAddress outsider = InetAddress.getByName("198.51.100.7");
        NtpServerAddress server = new NtpServerAddress("127.0.0.1", 123);
        io.tidemark.sync.clock.ClockReading t1 = new io.tidemark.sync.clock.ClockReading(1_795_000_000_000_000_000L, 5);
        io.tidemark.sync.clock.ClockReading t4 = new io.tidemark.sync.clock.ClockReading(1_795_000_000_000_300_000L, 300_005);
        byte[][] seeds = {
                NtpPacket.clientRequest(0x1234_5678_0000_0001L).encode(),
                new NtpPacket(0, 4, 4, 2, 6, -20, 100, 200, 0x0A000001, 1, 2, 3, 4).encode(),
                extended(),
        };
        int replies = 0;
        int garbageAnswered = 0;
        final int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            byte[] b;
            int len;
            if ((i & 1) == 0) {
                b = new byte[r.nextInt(0, 129)];
                r.nextBytes(b);
                len = b.length;
            } else {
                byte[] seed = seeds[r.nextInt(seeds.length)];
                b = java.util.Arrays.copyOf(seed, seed.length + r.nextInt(0, 24));
                for (int k = r.nextInt(1, 6); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                len = r.nextInt(10) == 0 ? r.nextInt(0, b.length + 1) : b.length;
            }
            Optional<NtpPacket> decoded = NtpPacket.decode(b, len);
            if (i % 8 == 1) { // the client's reply check on a share of them (it formats text: slower)
                NtpReplyCheck.check(server, t1, 0x1234_5678_0000_0001L, b, len, t4, 1_000_000);
            }
            Optional<byte[]> reply = handler.handle(b, len, clock.nowNs(), (i % 7 == 0) ? outsider : lo);
            if (reply.isPresent()) {
                replies++;
                assertTrue(reply.get().length <= len, "reply longer than request");
                boolean request = decoded.isPresent() && decoded.get().mode() == NtpPacket.MODE_CLIENT && i % 7 != 0;
                if (!request) {
                    garbageAnswered++;
                }
            }
        }
        assertEquals(0, garbageAnswered, "garbage got replies");
        assertTrue(replies > 10_000, "well-formed requests among the mutations are still answered: " + replies);
    }

    private static byte[] extended() {
        byte[] b = new byte[48 + 16 + 24];
        System.arraycopy(NtpPacket.clientRequest(7).encode(), 0, b, 0, 48);
        b[51] = 16;
        return b;
    }
}
