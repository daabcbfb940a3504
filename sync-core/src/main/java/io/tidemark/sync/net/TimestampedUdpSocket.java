package io.tidemark.sync.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 UDP socket on Linux (through JNA) that reports when each datagram arrived by the kernel's
 * clock (SO_TIMESTAMPNS), not when our thread got round to reading it. Under load a thread can wake
 * tens of milliseconds late; a time server that stamped arrival in user space would then hand out
 * receive times that late, which a client sees as an offset, not as delay.
 *
 * <p>One thread receives; any thread may send.
 */
public final class TimestampedUdpSocket implements AutoCloseable {

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_TIMESTAMPNS = 35;
    private static final int SOCKADDR_IN_BYTES = 16;
    private static final int MSGHDR_BYTES = 56;

    private static final class Libc {
        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

        static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

        static native int getsockname(int fd, Pointer addr, Pointer len) throws LastErrorException;

        static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

        static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen)
                throws LastErrorException;

        static native int close(int fd);

        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }
    }

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
    private final Memory buf;
    private final Memory control = new Memory(256);
    private final Memory iov = new Memory(16);
    private final Memory msg = new Memory(MSGHDR_BYTES);
    private final Memory fromAddr = new Memory(SOCKADDR_IN_BYTES);
    private volatile boolean closed;

    private TimestampedUdpSocket(int fd, SystemClock clock, InetSocketAddress local, int maxDatagramBytes) {
        this.fd = fd;
        this.clock = clock;
        this.local = local;
        this.buf = new Memory(maxDatagramBytes);
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
            fd = Libc.socket(AF_INET, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a UDP socket: errno " + e.getErrorCode(), e);
        }
        try {
            Libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, intValue(1), 4);
            Memory tv = new Memory(16);
            tv.setLong(0, receiveTimeoutMs / 1000);
            tv.setLong(8, (receiveTimeoutMs % 1000) * 1000);
            Libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            Libc.bind(fd, sockaddr(bind), SOCKADDR_IN_BYTES);
            Memory name = new Memory(SOCKADDR_IN_BYTES);
            Memory len = intValue(SOCKADDR_IN_BYTES);
            Libc.getsockname(fd, name, len);
            return new TimestampedUdpSocket(fd, clock, address(name), maxDatagramBytes);
        } catch (LastErrorException e) {
            Libc.close(fd);
            int errno = e.getErrorCode();
            throw new IOException("cannot bind UDP " + bind + ": errno " + errno
                    + (errno == 98 ? " (the port is in use)" : "")
                    + (errno == 13 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""), e);
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
        iov.setPointer(0, buf);
        iov.setLong(8, Math.min(buf.size(), into.length));
        msg.clear();
        msg.setPointer(0, fromAddr);
        msg.setInt(8, SOCKADDR_IN_BYTES);
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, control.size());
        long n;
        try {
            n = Libc.recvmsg(fd, msg, 0);
        } catch (LastErrorException e) {
            if (closed) {
                throw new IOException("socket closed");
            }
            return null; // EAGAIN on the receive timeout, EINTR
        }
        ClockReading after = clock.read();
        long kernelRealtimeNs = kernelTimestamp(msg);
        int length = (int) n;
        buf.read(0, into, 0, length);
        if (kernelRealtimeNs <= 0) {
            return new Datagram(length, address(fromAddr), after, false);
        }
        // RAW at arrival: now, less the time the datagram waited for us (REALTIME and RAW run together that long).
        long waitedNs = Math.max(0, after.realtimeNs() - kernelRealtimeNs);
        return new Datagram(length, address(fromAddr), new ClockReading(kernelRealtimeNs, after.monoRawNs() - waitedNs),
                true);
    }

    public void send(byte[] data, int length, InetSocketAddress to) throws IOException {
        Memory out = new Memory(Math.max(1, length));
        out.write(0, data, 0, length);
        try {
            Libc.sendto(fd, out, length, 0, sockaddr(to), SOCKADDR_IN_BYTES);
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

    /**
     * The SO_TIMESTAMPNS stamp (REALTIME, ns) from the control data of a filled x86-64 {@code struct msghdr}
     * (control pointer at byte 32, its length at 40), or -1 when the kernel gave none.
     */
    public static long kernelTimestamp(Memory msg) {
        long controlLen = msg.getLong(40);
        Pointer control = msg.getPointer(32);
        long off = 0;
        while (off + 16 <= controlLen) {
            long len = control.getLong(off);
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            if (len < 16) {
                break;
            }
            if (level == SOL_SOCKET && type == SO_TIMESTAMPNS && len >= 32) {
                return control.getLong(off + 16) * 1_000_000_000L + control.getLong(off + 24);
            }
            off += (len + 7) & ~7L;
        }
        return -1;
    }

    private static Memory intValue(int v) {
        Memory m = new Memory(4);
        m.setInt(0, v);
        return m;
    }

    private static Memory sockaddr(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        Memory m = new Memory(SOCKADDR_IN_BYTES);
        m.clear();
        m.setShort(0, (short) AF_INET);
        m.setByte(2, (byte) (a.getPort() >> 8));
        m.setByte(3, (byte) a.getPort());
        m.write(4, ip, 0, 4);
        return m;
    }

    private static InetSocketAddress address(Memory sockaddrIn) {
        int port = ((sockaddrIn.getByte(2) & 0xFF) << 8) | (sockaddrIn.getByte(3) & 0xFF);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(sockaddrIn.getByteArray(4, 4)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
