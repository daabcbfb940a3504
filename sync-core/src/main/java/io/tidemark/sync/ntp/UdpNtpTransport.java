package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

import io.tidemark.sync.net.TimestampedUdpSocket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * NTP over UDP with a {@link DatagramChannel}. Each request goes out from a fresh ephemeral port on
 * a channel connected to the server, so only that server's datagrams are read, and a stale or
 * spoofed reply to an earlier request cannot arrive on it. Blocking: {@link #send} returns after
 * the reply or the timeout, having called the listener.
 *
 * <p>On Linux, for IPv4 servers, T4 is the kernel's receive timestamp ({@link TimestampedUdpSocket}):
 * a thread woken late under load would otherwise add its wake-up latency to the delay and half of it
 * to the offset. Elsewhere T4 is read right after the datagram is taken from the socket.
 */
public final class UdpNtpTransport implements NtpTransport {

    private final SystemClock clock;
    private final InetAddress bindAddress;
    private volatile boolean closed;

    public UdpNtpTransport(SystemClock clock) {
        this(clock, null);
    }

    /** @param bindAddress local address to send from, or null for the wildcard */
    public UdpNtpTransport(SystemClock clock, InetAddress bindAddress) {
        this.clock = clock;
        this.bindAddress = bindAddress;
    }

    @Override
    public void send(NtpServerAddress server, byte[] request, long timeoutNs, Listener listener) {
        if (closed) {
            listener.failed("transport closed");
            return;
        }
        InetSocketAddress target;
        try {
            target = new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
        } catch (UnknownHostException e) {
            listener.failed("unknown host " + server.host());
            return;
        }
        if (TimestampedUdpSocket.isAvailable() && target.getAddress() instanceof Inet4Address
                && (bindAddress == null || bindAddress instanceof Inet4Address)) {
            sendKernelStamped(target, request, timeoutNs, listener);
            return;
        }
        byte[] reply = new byte[1024];
        ByteBuffer in = ByteBuffer.wrap(reply);
        try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
            ch.bind(bindAddress == null ? null : new InetSocketAddress(bindAddress, 0));
            ch.connect(target);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            long deadlineNs = System.nanoTime() + timeoutNs;
            ByteBuffer out = ByteBuffer.wrap(request);
            listener.sending(clock.read());
            ch.write(out);
            while (true) {
                long leftMs = (deadlineNs - System.nanoTime() + 999_999) / 1_000_000;
                if (leftMs <= 0) {
                    listener.timedOut();
                    return;
                }
                if (selector.select(leftMs) == 0) {
                    continue;
                }
                ClockReading t4 = clock.read(); // before the copy out of the socket: nearer the arrival
                selector.selectedKeys().clear();
                in.clear();
                int n;
                try {
                    n = ch.read(in);
                } catch (PortUnreachableException e) {
                    // ICMP port unreachable: nobody listens there. Report it as no reply.
                    listener.timedOut();
                    return;
                }
                if (n > 0) {
                    listener.replied(reply, n, t4);
                    return;
                }
            }
        } catch (IOException e) {
            listener.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void sendKernelStamped(InetSocketAddress target, byte[] request, long timeoutNs, Listener listener) {
        byte[] reply = new byte[1024];
        InetSocketAddress local = new InetSocketAddress(bindAddress == null ? anyIpv4() : bindAddress, 0);
        long deadlineNs = System.nanoTime() + timeoutNs;
        try (TimestampedUdpSocket socket = TimestampedUdpSocket.bind(local, clock, reply.length,
                Math.max(1, Math.min(200, timeoutNs / 1_000_000)))) {
            listener.sending(clock.read());
            socket.send(request, request.length, target);
            while (System.nanoTime() < deadlineNs) {
                TimestampedUdpSocket.Datagram d = socket.receive(reply);
                // Only the server's own datagrams count: the fresh port sees nothing else legitimately.
                if (d != null && d.from().equals(target)) {
                    listener.replied(reply, d.length(), d.arrival());
                    return;
                }
            }
            listener.timedOut();
        } catch (IOException e) {
            listener.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
