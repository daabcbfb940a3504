package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

import java.io.IOException;
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
 * <p>T4 is read right after the datagram is taken from the socket; there is no kernel timestamp in
 * Java's sockets, so the wake-up latency (microseconds on loopback) adds to the measured delay.
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
        byte[] reply = new byte[1024];
        ByteBuffer in = ByteBuffer.wrap(reply);
        try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
            ch.bind(bindAddress == null ? null : new InetSocketAddress(bindAddress, 0));
            ch.connect(target);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            long deadlineNs = System.nanoTime() + timeoutNs;
            ch.write(ByteBuffer.wrap(request));
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

    @Override
    public void close() {
        closed = true;
    }
}
