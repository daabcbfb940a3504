package io.tidemark.sync.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.net.InetSocketAddress;

/**
 * recvmsg(2) set up once: a struct msghdr (LP64: x86-64, arm64) with one iovec over a data buffer,
 * a sockaddr_in for the sender (or none) and room for the control messages that carry the kernel's
 * timestamps. Reused call after call by one thread, so receiving allocates nothing.
 */
public final class MessageReceiver {

    // struct msghdr: msg_name 0, msg_namelen 8, msg_iov 16, msg_iovlen 24, msg_control 32, msg_controllen 40
    private static final int MSGHDR_BYTES = 56;
    // struct iovec: iov_base 0, iov_len 8
    private static final int IOVEC_BYTES = 16;
    // struct cmsghdr: cmsg_len 0 (size_t), cmsg_level 8, cmsg_type 12, data from 16, each padded to 8 bytes
    private static final int CMSGHDR_BYTES = 16;
    private static final int CONTROL_BYTES = 256;
    // struct timespec (16 bytes) for SO_TIMESTAMPNS; struct scm_timestamping holds three of them
    private static final int TIMESPEC_BYTES = 16;
    private static final int SCM_TIMESTAMPING_BYTES = 3 * TIMESPEC_BYTES;

    private final Memory data;
    private final Memory sender;
    private final Memory iov = new Memory(IOVEC_BYTES);
    private final Memory control = new Memory(CONTROL_BYTES);
    private final Memory msg = new Memory(MSGHDR_BYTES);

    /**
     * @param dataBytes  the largest datagram taken whole (a longer one is cut)
     * @param wantSender whether to ask for the sender's address ({@link #sender()})
     */
    public MessageReceiver(int dataBytes, boolean wantSender) {
        this.data = new Memory(dataBytes);
        this.sender = wantSender ? new Memory(SockaddrIn.BYTES) : null;
    }

    /** The most one receive can take. */
    public int capacity() {
        return (int) data.size();
    }

    /**
     * One recvmsg on {@code fd} into the first {@code maxBytes} of the buffer.
     *
     * @return the bytes received
     * @throws LastErrorException EAGAIN on a receive timeout or an empty queue, EINTR, EBADF once closed
     */
    public int receive(int fd, int maxBytes, int flags) throws LastErrorException {
        iov.setPointer(0, data);
        iov.setLong(8, Math.min(data.size(), maxBytes));
        msg.clear();
        if (sender != null) {
            msg.setPointer(0, sender);
            msg.setInt(8, SockaddrIn.BYTES);
        }
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, control.size());
        return (int) Libc.recvmsg(fd, msg, flags);
    }

    /** The first {@code length} bytes received, copied into {@code into}. */
    public void copyData(byte[] into, int length) {
        data.read(0, into, 0, length);
    }

    /** The first {@code length} bytes received. */
    public byte[] data(int length) {
        return data.getByteArray(0, length);
    }

    /** Who sent the last datagram (only when made with {@code wantSender}). */
    public InetSocketAddress sender() {
        return SockaddrIn.read(sender);
    }

    /** The last datagram's arrival by the kernel (SO_TIMESTAMPNS: REALTIME ns), or -1 when it gave none. */
    public long receiveTimestampNs() {
        return controlTimestampNs(Libc.SO_TIMESTAMPNS, TIMESPEC_BYTES);
    }

    /**
     * The software stamp (ts[0] of SCM_TIMESTAMPING: REALTIME ns) of the last entry read from an error
     * queue, or -1 when it has none.
     */
    public long softwareTimestampNs() {
        return controlTimestampNs(Libc.SCM_TIMESTAMPING, SCM_TIMESTAMPING_BYTES);
    }

    /** The first timespec of the SOL_SOCKET control message {@code type} of the last receive, or -1. */
    private long controlTimestampNs(int type, int payloadBytes) {
        long controlLen = msg.getLong(40); // the kernel set it to what it filled
        Pointer c = msg.getPointer(32);
        long off = 0;
        while (off + CMSGHDR_BYTES <= controlLen) {
            long len = c.getLong(off);
            if (len < CMSGHDR_BYTES) {
                break;
            }
            if (c.getInt(off + 8) == Libc.SOL_SOCKET && c.getInt(off + 12) == type
                    && len >= CMSGHDR_BYTES + payloadBytes) {
                long ns = c.getLong(off + CMSGHDR_BYTES) * 1_000_000_000L + c.getLong(off + CMSGHDR_BYTES + 8);
                return ns > 0 ? ns : -1;
            }
            off += (len + 7) & ~7L;
        }
        return -1;
    }
}
