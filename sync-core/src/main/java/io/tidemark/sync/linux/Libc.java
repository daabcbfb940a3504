package io.tidemark.sync.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The one binding to the C library on 64-bit Linux (JNA direct mapping): the calls that the clocks,
 * the NTP socket and the PTP sockets make, and the constants they pass. Callers check
 * {@link Platform#isLinux()} first; on another system the first call fails to link.
 */
public final class Libc {

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC_RAW = 4;

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_TIMESTAMPNS = 35;
    public static final int SO_TIMESTAMPING = 37;
    public static final int SCM_TIMESTAMPING = SO_TIMESTAMPING;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int IPPROTO_IP = 0;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int SIOCGIFHWADDR = 0x8927;

    public static final int PRIO_PROCESS = 0;

    public static final int EACCES = 13;
    public static final int EADDRINUSE = 98;

    private Libc() {
    }

    /** ts is struct timespec on LP64 Linux: {tv_sec, tv_nsec}. A long[] avoids JNA's reflective Structure. */
    public static native int clock_gettime(int clockId, long[] ts);

    public static native int clock_adjtime(int clockId, Timex tx) throws LastErrorException;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, Pointer value, int len)
            throws LastErrorException;

    public static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

    public static native int getsockname(int fd, Pointer addr, Pointer len) throws LastErrorException;

    public static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    public static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen)
            throws LastErrorException;

    public static native int close(int fd);

    public static native int if_nametoindex(String name);

    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int setns(int fd, int nstype) throws LastErrorException;

    public static native int poll(Pointer fds, long nfds, int timeoutMs);

    /** The calling thread's kernel id (glibc 2.30 and later). */
    public static native int gettid();

    /** which PRIO_PROCESS with a thread id: that thread's nice value. */
    public static native int setpriority(int which, int who, int prio) throws LastErrorException;

    /** A system call without a glibc wrapper (ioprio_set), its arguments as longs. */
    public static native long syscall(long number, long a, long b, long c) throws LastErrorException;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** An int in native memory, for setsockopt and the like. */
    public static Memory intValue(int v) {
        Memory m = new Memory(4);
        m.setInt(0, v);
        return m;
    }

    /** setsockopt with an int value. */
    public static void setIntOption(int fd, int level, int name, int value) throws LastErrorException {
        setsockopt(fd, level, name, intValue(value), 4);
    }

    /** SO_RCVTIMEO: a blocked receive returns (EAGAIN) after this long, so that a close is noticed. */
    public static void setReceiveTimeout(int fd, long timeoutMs) throws LastErrorException {
        Memory tv = new Memory(16); // struct timeval: {tv_sec, tv_usec}
        tv.setLong(0, timeoutMs / 1000);
        tv.setLong(8, (timeoutMs % 1000) * 1000);
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
    }
}
