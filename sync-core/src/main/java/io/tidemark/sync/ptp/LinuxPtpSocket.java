package io.tidemark.sync.ptp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.net.TimestampedUdpSocket;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The PTP multicast sockets on Linux through JNA: UDP 319 and 320 on one interface, joined to
 * 224.0.1.129, receive times from the kernel (SO_TIMESTAMPNS, read from recvmsg's control data) or,
 * when a packet comes without one, read in user space right after recvmsg. Optionally opened inside a
 * named network namespace (setns on a helper thread; a socket stays in the namespace it was made in).
 */
public final class LinuxPtpSocket implements PtpTransport, AutoCloseable {

    public static final String PTP_GROUP = "224.0.1.129";
    public static final int EVENT_PORT = 319;
    public static final int GENERAL_PORT = 320;

    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_RCVTIMEO = 20;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_TIMESTAMPNS = 35;
    static final int SO_TIMESTAMPING = 37;
    static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    /** SOF_TIMESTAMPING_TX_SOFTWARE | SOFTWARE (report it) | OPT_TSONLY (no copy of the packet back). */
    static final int TX_SOFTWARE_STAMPS = (1 << 1) | (1 << 4) | (1 << 11);
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;
    /** How long send waits for the kernel's transmit stamp before falling back to the user-space one. */
    static final int TX_STAMP_WAIT_MS = 50;
    static final int IPPROTO_IP = 0;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int CLONE_NEWNET = 0x40000000;
    static final int SIOCGIFHWADDR = 0x8927;

    static final class Libc {
        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

        static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

        static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

        static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen)
                throws LastErrorException;

        static native int close(int fd);

        static native int if_nametoindex(String name);

        static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

        static native int open(String path, int flags) throws LastErrorException;

        static native int setns(int fd, int nstype) throws LastErrorException;

        static native int poll(Pointer fds, long nfds, int timeoutMs);

        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }
    }

    private final SystemClock clock;
    private final int eventFd;
    private final int generalFd;
    private final int ifIndex;
    private final byte[] mac;
    private volatile boolean closed;
    private Thread eventThread;
    private Thread generalThread;
    private volatile TimestampSource lastSource;
    private final boolean txStamps;
    private final Memory errMsg = new Memory(56);
    private final Memory errControl = new Memory(256);
    private final Memory errIov = new Memory(16);
    private final Memory errBuf = new Memory(64);
    private final Memory pollFd = new Memory(8);

    private LinuxPtpSocket(SystemClock clock, int eventFd, int generalFd, int ifIndex, byte[] mac, boolean txStamps) {
        this.clock = clock;
        this.eventFd = eventFd;
        this.generalFd = generalFd;
        this.ifIndex = ifIndex;
        this.mac = mac;
        this.txStamps = txStamps;
    }

    /**
     * Opens both sockets on {@code interfaceName}, inside network namespace {@code netns} (a name under
     * /var/run/netns) when not null.
     */
    public static LinuxPtpSocket open(String interfaceName, String netns, SystemClock clock) throws IOException {
        if (!Platform.isLinux()) {
            throw new IOException("PTP sockets with kernel timestamps need Linux");
        }
        CompletableFuture<LinuxPtpSocket> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                if (netns != null) {
                    int nsFd = Libc.open("/var/run/netns/" + netns, 0);
                    try {
                        Libc.setns(nsFd, CLONE_NEWNET);
                    } finally {
                        Libc.close(nsFd);
                    }
                }
                f.complete(openHere(interfaceName, clock));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "ptp-open");
        t.start();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
        }
    }

    private static LinuxPtpSocket openHere(String interfaceName, SystemClock clock) throws IOException {
        int ifIndex = Libc.if_nametoindex(interfaceName);
        if (ifIndex == 0) {
            throw new IOException("no network interface '" + interfaceName + "'");
        }
        int event = -1;
        int general = -1;
        try {
            event = openOne(interfaceName, ifIndex, EVENT_PORT);
            general = openOne(interfaceName, ifIndex, GENERAL_PORT);
            byte[] mac = hardwareAddress(event, interfaceName);
            return new LinuxPtpSocket(clock, event, general, ifIndex, mac, enableTxStamps(event));
        } catch (LastErrorException e) {
            if (event >= 0) Libc.close(event);
            if (general >= 0) Libc.close(general);
            throw new IOException("cannot open PTP socket on " + interfaceName + ": errno " + e.getErrorCode()
                    + (e.getErrorCode() == 13 ? " (ports 319/320 need root or CAP_NET_BIND_SERVICE)" : "")
                    + (e.getErrorCode() == 98 ? " (another PTP daemon holds port 319/320)" : ""), e);
        }
    }

    private static Memory intValue(int v) {
        Memory m = new Memory(4);
        m.setInt(0, v);
        return m;
    }

    private static Memory sockaddr(int addrHostOrder, int port) {
        Memory m = new Memory(16);
        m.clear();
        m.setShort(0, (short) AF_INET);
        m.setByte(2, (byte) (port >> 8));
        m.setByte(3, (byte) port);
        m.setByte(4, (byte) (addrHostOrder >>> 24));
        m.setByte(5, (byte) (addrHostOrder >>> 16));
        m.setByte(6, (byte) (addrHostOrder >>> 8));
        m.setByte(7, (byte) addrHostOrder);
        return m;
    }

    static final int GROUP = (224 << 24) | (0 << 16) | (1 << 8) | 129;

    private static int openOne(String ifName, int ifIndex, int port) {
        int fd = Libc.socket(AF_INET, SOCK_DGRAM, 0);
        Libc.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, intValue(1), 4);
        byte[] name = (ifName + "\0").getBytes();
        Memory dev = new Memory(name.length);
        dev.write(0, name, 0, name.length);
        Libc.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, name.length);
        Libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, intValue(1), 4);
        Memory tv = new Memory(16);
        tv.setLong(0, 0);
        tv.setLong(8, 200_000); // 200 ms, so close() is noticed
        Libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
        Libc.bind(fd, sockaddr(0, port), 16);
        Memory mreqn = new Memory(12);
        mreqn.clear();
        mreqn.write(0, new byte[]{(byte) 224, 0, 1, (byte) 129}, 0, 4);
        mreqn.setInt(8, ifIndex);
        Libc.setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreqn, 12);
        Libc.setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, mreqn, 12);
        Libc.setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, intValue(1), 4);
        Libc.setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, intValue(0), 4);
        return fd;
    }

    /** Asks the kernel to stamp what leaves the event socket (Delay_Req); false where it will not. */
    private static boolean enableTxStamps(int fd) {
        try {
            Libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, intValue(TX_SOFTWARE_STAMPS), 4);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    private static byte[] hardwareAddress(int fd, String ifName) {
        Memory ifreq = new Memory(40);
        ifreq.clear();
        byte[] name = ifName.getBytes();
        ifreq.write(0, name, 0, Math.min(15, name.length));
        try {
            Libc.ioctl(fd, SIOCGIFHWADDR, ifreq);
            return ifreq.getByteArray(18, 6);
        } catch (LastErrorException e) {
            byte[] m = new byte[6];
            new java.util.Random().nextBytes(m);
            m[0] = (byte) ((m[0] & 0xFE) | 0x02);
            return m;
        }
    }

    /** The interface's MAC: our PTP identity. */
    public byte[] mac() {
        return mac.clone();
    }

    /** How the last packet was stamped (null before the first). */
    public TimestampSource lastTimestampSource() {
        return lastSource;
    }

    /** Starts one receive thread per socket, handing every packet to {@code sink}. */
    public void start(Consumer<ReceivedPacket> sink) {
        eventThread = new Thread(() -> receiveLoop(eventFd, true, sink), "ptp-319");
        generalThread = new Thread(() -> receiveLoop(generalFd, false, sink), "ptp-320");
        eventThread.setDaemon(true);
        generalThread.setDaemon(true);
        eventThread.start();
        generalThread.start();
    }

    private void receiveLoop(int fd, boolean event, Consumer<ReceivedPacket> sink) {
        Memory buf = new Memory(1500);
        Memory control = new Memory(256);
        Memory iov = new Memory(16);
        Memory msg = new Memory(56);
        Memory from = new Memory(16);
        while (!closed) {
            iov.setPointer(0, buf);
            iov.setLong(8, buf.size());
            msg.clear();
            msg.setPointer(0, from);
            msg.setInt(8, 16);
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            msg.setPointer(32, control);
            msg.setLong(40, control.size());
            long n;
            try {
                n = Libc.recvmsg(fd, msg, 0);
            } catch (LastErrorException e) {
                continue; // EAGAIN on timeout, EINTR
            }
            ClockReading after = clock.read();
            long kernelRealtime = TimestampedUdpSocket.kernelTimestamp(msg);
            ClockReading rx;
            TimestampSource src;
            if (kernelRealtime > 0) {
                // the raw clock at arrival: now minus the time the packet waited for us
                long waited = Math.max(0, after.realtimeNs() - kernelRealtime);
                rx = new ClockReading(kernelRealtime, after.monoRawNs() - waited);
                src = TimestampSource.KERNEL_SOFTWARE;
            } else {
                rx = after;
                src = TimestampSource.USER_SPACE;
            }
            lastSource = src;
            sink.accept(new ReceivedPacket(buf.getByteArray(0, (int) n), (int) n, event, rx, src));
        }
    }

    /**
     * Sends to the PTP group. The event socket's packets (Delay_Req) are stamped by the kernel as they
     * leave (SO_TIMESTAMPING, software, read back from the error queue); without that stamp the time is
     * read in user space just before sendto, and a thread descheduled between the two makes it early.
     */
    @Override
    public synchronized Sent send(byte[] packet, boolean eventPort) {
        int fd = eventPort ? eventFd : generalFd;
        boolean stamped = eventPort && txStamps;
        if (stamped) {
            while (readTxStamp(fd) != Long.MIN_VALUE) {
                // a stamp that came too late for an earlier send: not this packet's
            }
        }
        Memory buf = new Memory(packet.length);
        buf.write(0, packet, 0, packet.length);
        Memory to = sockaddr(GROUP, eventPort ? EVENT_PORT : GENERAL_PORT);
        ClockReading before = clock.read();
        try {
            Libc.sendto(fd, buf, packet.length, 0, to, 16);
        } catch (LastErrorException e) {
            throw new IllegalStateException("sendto failed: errno " + e.getErrorCode(), e);
        }
        if (stamped) {
            long kernelRealtimeNs = awaitTxStamp(fd);
            if (kernelRealtimeNs > 0) {
                ClockReading after = clock.read();
                // RAW at departure: now, less the time since (REALTIME and RAW run together that long)
                long sinceNs = Math.max(0, after.realtimeNs() - kernelRealtimeNs);
                return new Sent(new ClockReading(kernelRealtimeNs, after.monoRawNs() - sinceNs),
                        TimestampSource.KERNEL_SOFTWARE);
            }
        }
        return new Sent(before, TimestampSource.USER_SPACE);
    }

    private long awaitTxStamp(int fd) {
        long end = System.nanoTime() + TX_STAMP_WAIT_MS * 1_000_000L;
        while (true) {
            long ns = readTxStamp(fd);
            if (ns != Long.MIN_VALUE) {
                return ns;
            }
            long leftMs = (end - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return -1;
            }
            pollFd.setInt(0, fd);
            pollFd.setShort(4, (short) 0); // POLLERR is always reported: the error queue has an entry
            pollFd.setShort(6, (short) 0);
            Libc.poll(pollFd, 1, (int) leftMs);
        }
    }

    /**
     * One entry of the error queue: its software transmit stamp (REALTIME ns; -1 when the entry has
     * none), or Long.MIN_VALUE when the queue is empty.
     */
    private long readTxStamp(int fd) {
        errIov.setPointer(0, errBuf);
        errIov.setLong(8, errBuf.size());
        errMsg.clear();
        errMsg.setPointer(16, errIov);
        errMsg.setLong(24, 1);
        errMsg.setPointer(32, errControl);
        errMsg.setLong(40, errControl.size());
        try {
            Libc.recvmsg(fd, errMsg, MSG_ERRQUEUE | MSG_DONTWAIT);
        } catch (LastErrorException e) {
            return Long.MIN_VALUE; // EAGAIN: empty
        }
        return softwareTxStamp(errMsg);
    }

    /** ts[0] (software) of the SCM_TIMESTAMPING control message in a filled x86-64 msghdr, or -1. */
    static long softwareTxStamp(Memory msg) {
        long controlLen = msg.getLong(40);
        Pointer control = msg.getPointer(32);
        long off = 0;
        while (off + 16 <= controlLen) {
            long len = control.getLong(off);
            if (len < 16) {
                break;
            }
            if (control.getInt(off + 8) == SOL_SOCKET && control.getInt(off + 12) == SCM_TIMESTAMPING && len >= 64) {
                long ns = control.getLong(off + 16) * 1_000_000_000L + control.getLong(off + 24);
                return ns > 0 ? ns : -1;
            }
            off += (len + 7) & ~7L;
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (eventThread != null) eventThread.join(1000);
            if (generalThread != null) generalThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(eventFd);
        Libc.close(generalFd);
    }
}
