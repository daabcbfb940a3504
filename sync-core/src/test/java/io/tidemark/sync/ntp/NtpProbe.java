package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: one NTP client request to a server of ours on 127.0.0.1, as a test's own probe. */
public final class NtpProbe {

    private NtpProbe() {
    }

    /** The reply to one request from {@code from} to 127.0.0.1:{@code port}, or null if none came within 5 s. */
    public static NtpPacket askOrNull(int port, InetAddress from) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0))) {
            s.setSoTimeout(5_000); // loaded CI machines are slow to schedule the server thread
            ClockReading t1 = SystemClock.platform().read();
            byte[] req = NtpPacket.clientRequest(NtpTimestamp.fromUnixNs(t1.realtimeNs())).encode();
            s.send(new DatagramPacket(req, req.length, InetAddress.getByName("127.0.0.1"), port));
            byte[] buf = new byte[512];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                s.receive(in);
            } catch (SocketTimeoutException e) {
                return null;
            }
            assertTrue(in.getLength() <= req.length, "reply larger than request");
            return NtpPacket.decode(buf, in.getLength()).orElseThrow();
        }
    }

    /** {@link #askOrNull(int, InetAddress)} from 127.0.0.1. */
    public static NtpPacket askOrNull(int port) throws Exception {
        return askOrNull(port, InetAddress.getByName("127.0.0.1"));
    }
}
