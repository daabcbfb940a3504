package io.tidemark.sync.net;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.*;

/** Real sockets on loopback: the kernel's receive stamp and the sender come back through recvmsg. */
class TimestampedUdpSocketTest {

    @Test
    void aDatagramOnLoopbackCarriesTheKernelsArrivalStampAndItsSender() throws Exception {
        assertTrue(TimestampedUdpSocket.isAvailable(), "this is 64-bit Linux");
        SystemClock clock = SystemClock.platform();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TimestampedUdpSocket a = TimestampedUdpSocket.bind(any, clock, 64, 1000);
             TimestampedUdpSocket b = TimestampedUdpSocket.bind(any, clock, 64, 1000)) {
            ClockReading before = clock.read();
            a.send(new byte[]{1, 2, 3, 4, 5}, 5, b.localAddress());
            byte[] into = new byte[3];
            TimestampedUdpSocket.Datagram d = b.receive(into);
            ClockReading after = clock.read();

            assertNotNull(d, "nothing arrived within the receive timeout");
            assertEquals(3, d.length(), "cut at the buffer's size");
            assertArrayEquals(new byte[]{1, 2, 3}, into);
            assertEquals(a.localAddress(), d.from());
            assertTrue(d.kernelTimestamp(), "SO_TIMESTAMPNS gave no stamp");
            assertTrue(d.arrival().realtimeNs() >= before.realtimeNs()
                    && d.arrival().realtimeNs() <= after.realtimeNs(), "arrival " + d.arrival());
            assertTrue(d.arrival().monoRawNs() >= before.monoRawNs() - 1_000_000
                    && d.arrival().monoRawNs() <= after.monoRawNs(), "raw carried back " + d.arrival());
        }
    }

    @Test
    void aReadingCarriedBackLosesTheSameTimeOnBothClocks() {
        ClockReading now = new ClockReading(10_000, 5_000);
        assertEquals(new ClockReading(9_000, 4_000), now.carriedBackTo(9_000));
        // a stamp from the future (REALTIME stepped back meanwhile) does not move RAW forward
        assertEquals(new ClockReading(11_000, 5_000), now.carriedBackTo(11_000));
    }
}
