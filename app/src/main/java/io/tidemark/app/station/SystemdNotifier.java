package io.tidemark.app.station;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import io.tidemark.sync.linux.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Tells systemd how the service is doing ({@code Type=notify}): a datagram to the unix socket in
 * {@code $NOTIFY_SOCKET} per message ({@code READY=1}, {@code STATUS=...}, {@code WATCHDOG=1},
 * {@code STOPPING=1}). Sent from this process itself, so systemd attributes it to the main PID; a
 * leading '@' names the abstract namespace. Without {@code $NOTIFY_SOCKET} every call does nothing.
 */
public final class SystemdNotifier {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final int SUN_PATH_BYTES = 108;

    private final byte[] address;
    private final OptionalLong watchdogIntervalNs;

    private SystemdNotifier(byte[] address, OptionalLong watchdogIntervalNs) {
        this.address = address;
        this.watchdogIntervalNs = watchdogIntervalNs;
    }

    /** From the process environment, as systemd sets it. */
    public static SystemdNotifier fromEnvironment() {
        return from(System.getenv(), ProcessHandle.current().pid());
    }

    static SystemdNotifier from(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        byte[] address = null;
        if (socket != null && !socket.isEmpty() && Platform.isLinux()) {
            address = sockaddrUn(socket);
        }
        OptionalLong watchdog = OptionalLong.empty();
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec != null && (forPid == null || forPid.equals(Long.toString(pid)))) {
            try {
                watchdog = OptionalLong.of(Long.parseLong(usec) * 1_000L);
            } catch (NumberFormatException e) {
                log.warn("ignoring WATCHDOG_USEC '{}': not a number", usec);
            }
        }
        return new SystemdNotifier(address, watchdog);
    }

    /** struct sockaddr_un: sa_family_t (u16, little-endian on every platform we run on), then the path. */
    static byte[] sockaddrUn(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = p[0] == '@';
        if (abstractName) {
            p[0] = 0; // the abstract namespace: a leading NUL, no terminating one
        }
        if (p.length >= SUN_PATH_BYTES) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a unix socket path can be: " + path);
        }
        byte[] a = new byte[2 + p.length + (abstractName ? 0 : 1)];
        a[0] = (byte) Libc.AF_UNIX;
        System.arraycopy(p, 0, a, 2, p.length);
        return a;
    }

    public boolean enabled() {
        return address != null;
    }

    /** How often systemd wants {@link #watchdog()}, when the unit sets {@code WatchdogSec=}. */
    public OptionalLong watchdogIntervalNs() {
        return watchdogIntervalNs;
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    public void watchdog() {
        send("WATCHDOG=1");
    }

    public void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    /** Sends one datagram; a failure is logged, never thrown: the recording matters more than systemd. */
    synchronized void send(String message) {
        if (address == null) {
            return;
        }
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        int fd = -1;
        try {
            fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            Memory datagram = new Memory(m.length);
            datagram.write(0, m, 0, m.length);
            Memory to = new Memory(address.length);
            to.write(0, address, 0, address.length);
            Libc.sendto(fd, datagram, m.length, Libc.MSG_NOSIGNAL, to, address.length);
        } catch (LastErrorException e) {
            log.warn("cannot notify systemd ({}): errno {}", message.lines().findFirst().orElse(""), e.getErrorCode());
        } finally {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }
}
