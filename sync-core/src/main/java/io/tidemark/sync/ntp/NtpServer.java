package io.tidemark.sync.ntp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * The NTP server's socket loop: one thread receives a datagram, stamps its arrival on the served
 * clock, hands it to the {@link NtpServerHandler} and sends what that returns. All judgement lives
 * in the handler.
 */
public final class NtpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NtpServer.class);

    private final DatagramChannel channel;
    private final NtpServedClock clock;
    private final NtpServerHandler handler;
    private final Thread thread;
    private volatile boolean closed;

    private NtpServer(DatagramChannel channel, NtpServedClock clock, NtpServerHandler handler) {
        this.channel = channel;
        this.clock = clock;
        this.handler = handler;
        this.thread = new Thread(this::loop, "ntp-server");
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code bind} and starts serving.
     *
     * @throws IOException when the port cannot be bound (in use, no permission)
     */
    public static NtpServer start(InetSocketAddress bind, NtpServedClock clock, NtpServerHandler handler)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(bind);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        NtpServer s = new NtpServer(ch, clock, handler);
        s.thread.start();
        log.info("NTP server listening on {}", ch.getLocalAddress());
        return s;
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public NtpServerHandler handler() {
        return handler;
    }

    private void loop() {
        // Larger than any sane request: a bigger datagram is cut and then fails to decode.
        ByteBuffer buf = ByteBuffer.allocate(2048);
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
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing NTP server socket", e);
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
