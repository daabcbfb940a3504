package io.tidemark.sync.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** struct sockaddr_in: family, port and IPv4 address in network byte order, 16 bytes. */
public final class SockaddrIn {

    public static final int BYTES = 16;

    private SockaddrIn() {
    }

    /** {@code ip4} is the address's four bytes, most significant first. */
    public static Memory of(byte[] ip4, int port) {
        Memory m = new Memory(BYTES);
        m.clear();
        m.setShort(0, (short) Libc.AF_INET);
        m.setByte(2, (byte) (port >> 8));
        m.setByte(3, (byte) port);
        m.write(4, ip4, 0, 4);
        return m;
    }

    /** {@code a} must be IPv4. */
    public static Memory of(InetSocketAddress a) {
        return of(a.getAddress().getAddress(), a.getPort());
    }

    public static InetSocketAddress read(Pointer sockaddrIn) {
        int port = ((sockaddrIn.getByte(2) & 0xFF) << 8) | (sockaddrIn.getByte(3) & 0xFF);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(sockaddrIn.getByteArray(4, 4)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
