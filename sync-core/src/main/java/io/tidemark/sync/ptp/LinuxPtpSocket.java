package io.tidemark.sync.ptp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.linux.Libc;
import io.tidemark.sync.linux.MessageReceiver;
import io.tidemark.sync.linux.SockaddrIn;

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

    /** SOF_TIMESTAMPING_TX_SOFTWARE | SOFTWARE (report it) | OPT_TSONLY (no copy of the packet back). */
    static final int TX_SOFTWARE_STAMPS = (1 << 1) | (1 << 4) | (1 << 11);
    /** How long send waits for the kernel's transmit stamp before falling back to the user-space one. */
    static final int TX_STAMP_WAIT_MS = 50;
    private static final byte[] GROUP = {(byte) 224, 0, 1, (byte) 129};
    private static final byte[] ANY = {0, 0, 0, 0};

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
    // the event socket's error queue, where the kernel returns transmit stamps; used under send's lock
    private final MessageReceiver errorQueue = new MessageReceiver(64, false);
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
                        Libc.setns(nsFd, Libc.CLONE_NEWNET);
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
                    + (e.getErrorCode() == Libc.EACCES ? " (ports 319/320 need root or CAP_NET_BIND_SERVICE)" : "")
                    + (e.getErrorCode() == Libc.EADDRINUSE ? " (another PTP daemon holds port 319/320)" : ""), e);
        }
    }

    private static int openOne(String ifName, int ifIndex, int port) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0);
        Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
        byte[] name = (ifName + "\0").getBytes();
        Memory dev = new Memory(name.length);
        dev.write(0, name, 0, name.length);
        Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, dev, name.length);
        Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1);
        Libc.setReceiveTimeout(fd, 200); // so that close() is noticed
        Libc.bind(fd, SockaddrIn.of(ANY, port), SockaddrIn.BYTES);
        Memory mreqn = new Memory(12); // struct ip_mreqn: group, local address (any), interface index
        mreqn.clear();
        mreqn.write(0, GROUP, 0, 4);
        mreqn.setInt(8, ifIndex);
        Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn, 12);
        Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn, 12);
        Libc.setIntOption(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, 1);
        Libc.setIntOption(fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0);
        return fd;
    }

    /** Asks the kernel to stamp what leaves the event socket (Delay_Req); false where it will not. */
    private static boolean enableTxStamps(int fd) {
        try {
            Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPING, TX_SOFTWARE_STAMPS);
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
            Libc.ioctl(fd, Libc.SIOCGIFHWADDR, ifreq);
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
        MessageReceiver receiver = new MessageReceiver(1500, true);
        while (!closed) {
            int n;
            try {
                n = receiver.receive(fd, receiver.capacity(), 0);
            } catch (LastErrorException e) {
                continue; // EAGAIN on timeout, EINTR
            }
            ClockReading after = clock.read();
            long kernelRealtimeNs = receiver.receiveTimestampNs();
            ClockReading rx = kernelRealtimeNs > 0 ? after.carriedBackTo(kernelRealtimeNs) : after;
            TimestampSource src = kernelRealtimeNs > 0 ? TimestampSource.KERNEL_SOFTWARE : TimestampSource.USER_SPACE;
            lastSource = src;
            sink.accept(new ReceivedPacket(receiver.data(n), n, event, rx, src));
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
        Memory to = SockaddrIn.of(GROUP, eventPort ? EVENT_PORT : GENERAL_PORT);
        ClockReading before = clock.read();
        try {
            Libc.sendto(fd, buf, packet.length, 0, to, SockaddrIn.BYTES);
        } catch (LastErrorException e) {
            throw new IllegalStateException("sendto failed: errno " + e.getErrorCode(), e);
        }
        if (stamped) {
            long kernelRealtimeNs = awaitTxStamp(fd);
            if (kernelRealtimeNs > 0) {
                return new Sent(clock.read().carriedBackTo(kernelRealtimeNs), TimestampSource.KERNEL_SOFTWARE);
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
        try {
            errorQueue.receive(fd, errorQueue.capacity(), Libc.MSG_ERRQUEUE | Libc.MSG_DONTWAIT);
        } catch (LastErrorException e) {
            return Long.MIN_VALUE; // EAGAIN: empty
        }
        return errorQueue.softwareTimestampNs();
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
