package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.net.TimestampedUdpSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * The NTP server's socket loop: one thread receives a datagram, takes its arrival time on the served
 * clock (T2), hands it to the {@link NtpServerHandler} and sends what that returns. All judgement lives
 * in the handler.
 *
 * <p>On Linux the arrival is the kernel's receive timestamp: a thread woken late under load would
 * otherwise stamp T2 late, and a client reads a late T2 as an offset, since it does not lengthen
 * the delay it measures. Elsewhere (and for IPv6) T2 is read in user space after the receive.
 */
public final class NtpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NtpServer.class);
    /** Larger than any sane request: a bigger datagram is cut and then fails to decode. */
    private static final int MAX_DATAGRAM_BYTES = 2048;

    private final TimestampedUdpSocket socket;
    private final DatagramChannel channel;
    private final NtpServedClock clock;
    private final NtpServerHandler handler;
    private final Thread thread;
    private volatile boolean closed;

    private NtpServer(TimestampedUdpSocket socket, DatagramChannel channel, NtpServedClock clock,
                      NtpServerHandler handler) {
        this.socket = socket;
        this.channel = channel;
        this.clock = clock;
        this.handler = handler;
        this.thread = new Thread(socket != null ? this::kernelStampedLoop : this::channelLoop, "ntp-server");
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code bind} and starts serving.
     *
     * @param system the workstation's clocks, read when a datagram arrives
     * @throws IOException when the port cannot be bound (in use, no permission)
     */
    public static NtpServer start(InetSocketAddress bind, NtpServedClock clock, NtpServerHandler handler,
                                  SystemClock system) throws IOException {
        NtpServer s;
        if (TimestampedUdpSocket.isAvailable() && bind.getAddress() instanceof Inet4Address) {
            s = new NtpServer(TimestampedUdpSocket.bind(bind, system, MAX_DATAGRAM_BYTES, 200), null, clock, handler);
        } else {
            DatagramChannel ch = DatagramChannel.open();
            try {
                ch.bind(bind);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            s = new NtpServer(null, ch, clock, handler);
        }
        s.thread.start();
        log.info("NTP server listening on {} ({} receive timestamps)", s.localAddress(),
                s.socket != null ? "kernel" : "user-space");
        return s;
    }

    public InetSocketAddress localAddress() {
        if (socket != null) {
            return socket.localAddress();
        }
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public NtpServerHandler handler() {
        return handler;
    }

    private void kernelStampedLoop() {
        byte[] buf = new byte[MAX_DATAGRAM_BYTES];
        while (!closed) {
            try {
                TimestampedUdpSocket.Datagram d = socket.receive(buf);
                if (d == null) {
                    continue;
                }
                long receiveNs = clock.timeNsAt(d.arrival());
                Optional<byte[]> reply = handler.handle(buf, d.length(), receiveNs, d.from().getAddress());
                if (reply.isPresent()) {
                    socket.send(reply.get(), reply.get().length, d.from());
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("NTP server: {}", e.toString());
                }
            }
        }
    }

    private void channelLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        while (!closed) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                long receiveNs = clock.nowNs();
                if (from == null) {
                    continue;
                }
                Optional<byte[]> reply = handler.handle(buf.array(), buf.position(), receiveNs, from.getAddress());
                if (reply.isPresent()) {
                    channel.send(ByteBuffer.wrap(reply.get()), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("NTP server: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing NTP server socket", e);
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            socket.close(); // after the receiver left: its receive times out within 200 ms
        }
    }
}
