package io.tidemark.sync.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.linux.Libc;
import io.tidemark.sync.linux.MessageReceiver;
import io.tidemark.sync.linux.SockaddrIn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * An IPv4 UDP socket on Linux (through JNA) that reports when each datagram arrived by the kernel's
 * clock (SO_TIMESTAMPNS), not when our thread got round to reading it. Under load a thread can wake
 * tens of milliseconds late; a time server that stamped arrival in user space would then hand out
 * receive times that late, which a client sees as an offset, not as delay.
 *
 * <p>One thread receives; any thread may send.
 */
public final class TimestampedUdpSocket implements AutoCloseable {

    /**
     * One datagram.
     *
     * @param length          bytes received (the datagram is cut at the buffer's size)
     * @param from            the sender
     * @param arrival         both clocks at arrival: the kernel's REALTIME stamp, and RAW carried back to it
     * @param kernelTimestamp false when the kernel gave no stamp and {@code arrival} was read after recvmsg
     */
    public record Datagram(int length, InetSocketAddress from, ClockReading arrival, boolean kernelTimestamp) {
    }

    private final int fd;
    private final SystemClock clock;
    private final InetSocketAddress local;
    private final MessageReceiver receiver;
    private volatile boolean closed;

    private TimestampedUdpSocket(int fd, SystemClock clock, InetSocketAddress local, int maxDatagramBytes) {
        this.fd = fd;
        this.clock = clock;
        this.local = local;
        this.receiver = new MessageReceiver(maxDatagramBytes, true);
    }

    /** Whether this platform has it (64-bit Linux); elsewhere use a DatagramChannel. */
    public static boolean isAvailable() {
        return Platform.isLinux() && Platform.is64Bit();
    }

    /**
     * Binds {@code bind} (IPv4) with a receive timeout, so that {@link #close} is noticed by a blocked receiver.
     *
     * @throws IOException when the address cannot be bound (in use, no permission) or is not IPv4
     */
    public static TimestampedUdpSocket bind(InetSocketAddress bind, SystemClock clock, int maxDatagramBytes,
                                            long receiveTimeoutMs) throws IOException {
        if (!(bind.getAddress() instanceof Inet4Address)) {
            throw new IOException(bind + " is not an IPv4 address");
        }
        int fd;
        try {
            fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a UDP socket: errno " + e.getErrorCode(), e);
        }
        try {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1);
            Libc.setReceiveTimeout(fd, receiveTimeoutMs);
            Libc.bind(fd, SockaddrIn.of(bind), SockaddrIn.BYTES);
            Memory name = new Memory(SockaddrIn.BYTES);
            Libc.getsockname(fd, name, Libc.intValue(SockaddrIn.BYTES));
            return new TimestampedUdpSocket(fd, clock, SockaddrIn.read(name), maxDatagramBytes);
        } catch (LastErrorException e) {
            Libc.close(fd);
            int errno = e.getErrorCode();
            throw new IOException("cannot bind UDP " + bind + ": errno " + errno
                    + (errno == Libc.EADDRINUSE ? " (the port is in use)" : "")
                    + (errno == Libc.EACCES ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""), e);
        }
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    /**
     * Waits for one datagram (up to the receive timeout) and copies it into {@code into}.
     *
     * @return the datagram, or null on timeout or interruption
     * @throws IOException once the socket is closed
     */
    public Datagram receive(byte[] into) throws IOException {
        if (closed) {
            throw new IOException("socket closed");
        }
        int length;
        try {
            length = receiver.receive(fd, into.length, 0);
        } catch (LastErrorException e) {
            if (closed) {
                throw new IOException("socket closed");
            }
            return null; // EAGAIN on the receive timeout, EINTR
        }
        ClockReading after = clock.read();
        long kernelRealtimeNs = receiver.receiveTimestampNs();
        receiver.copyData(into, length);
        InetSocketAddress from = receiver.sender();
        return kernelRealtimeNs <= 0 ? new Datagram(length, from, after, false)
                : new Datagram(length, from, after.carriedBackTo(kernelRealtimeNs), true);
    }

    public void send(byte[] data, int length, InetSocketAddress to) throws IOException {
        Memory out = new Memory(Math.max(1, length));
        out.write(0, data, 0, length);
        try {
            Libc.sendto(fd, out, length, 0, SockaddrIn.of(to), SockaddrIn.BYTES);
        } catch (LastErrorException e) {
            throw new IOException("sendto " + to + " failed: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
