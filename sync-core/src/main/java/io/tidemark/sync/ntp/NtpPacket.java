package io.tidemark.sync.ntp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An NTP packet header (RFC 5905 §7.3), the 48 bytes every mode shares. A pure codec: bytes in,
 * value out, and back. Timestamps stay in their 64-bit wire form here, because only the caller
 * knows which era they belong to ({@link NtpTimestamp#toUnixNs(long, long)}).
 *
 * <p>Decoding never throws: anything that is not a well-formed packet comes back empty.
 * Extension fields (RFC 7822) and a trailing MAC are checked for shape and skipped.
 *
 * @param leap           leap indicator 0..3 (3 = unsynchronised)
 * @param version        1..4
 * @param mode           0..7 (3 client, 4 server)
 * @param stratum        0 (KoD / unspecified), 1 primary, 2..15 secondary, 16 unsynchronised
 * @param poll           log2 of the poll interval, s
 * @param precision      log2 of the clock's precision, s (signed)
 * @param rootDelay      short format (16.16 s)
 * @param rootDispersion short format (16.16 s)
 * @param referenceId    four bytes as an int (ASCII code at stratum 0/1, IPv4 address above)
 * @param referenceTs    64-bit timestamp
 * @param originTs       T1 as echoed by the server
 * @param receiveTs      T2
 * @param transmitTs     T3
 */
public record NtpPacket(int leap, int version, int mode, int stratum, int poll, int precision, int rootDelay,
                        int rootDispersion, int referenceId, long referenceTs, long originTs, long receiveTs,
                        long transmitTs) {

    public static final int HEADER_BYTES = 48;
    public static final int MODE_SYMMETRIC_ACTIVE = 1;
    public static final int MODE_CLIENT = 3;
    public static final int MODE_SERVER = 4;
    public static final int MODE_BROADCAST = 5;
    public static final int MODE_CONTROL = 6;
    public static final int MODE_PRIVATE = 7;
    public static final int LEAP_UNSYNCHRONISED = 3;
    public static final int STRATUM_UNSYNCHRONISED = 16;
    /** Byte offset of the transmit timestamp, which a server writes last. */
    public static final int TRANSMIT_OFFSET = 40;

    public NtpPacket {
        if (leap < 0 || leap > 3 || version < 0 || version > 7 || mode < 0 || mode > 7
                || stratum < 0 || stratum > 255 || poll < -128 || poll > 127 || precision < -128 || precision > 127) {
            throw new IllegalArgumentException("NTP header field out of range");
        }
    }

    /** A client request (mode 3, version 4) whose transmit timestamp is {@code transmitTs}. */
    public static NtpPacket clientRequest(long transmitTs) {
        return new NtpPacket(0, 4, MODE_CLIENT, 0, 0, 0, 0, 0, 0, 0, 0, 0, transmitTs);
    }

    /** The 48-byte wire form. */
    public byte[] encode() {
        byte[] b = new byte[HEADER_BYTES];
        encodeInto(b);
        return b;
    }

    void encodeInto(byte[] b) {
        b[0] = (byte) ((leap << 6) | (version << 3) | mode);
        b[1] = (byte) stratum;
        b[2] = (byte) poll;
        b[3] = (byte) precision;
        putInt(b, 4, rootDelay);
        putInt(b, 8, rootDispersion);
        putInt(b, 12, referenceId);
        putLong(b, 16, referenceTs);
        putLong(b, 24, originTs);
        putLong(b, 32, receiveTs);
        putLong(b, 40, transmitTs);
    }

    /** Decodes the first {@code length} bytes of {@code data}; empty if they are not a well-formed packet. */
    public static Optional<NtpPacket> decode(byte[] data, int length) {
        if (data == null || length < HEADER_BYTES || length > data.length) {
            return Optional.empty();
        }
        int version = (data[0] >> 3) & 7;
        if (version < 1 || version > 4) {
            return Optional.empty();
        }
        if (version == 4 && !trailerIsWellFormed(data, length)) {
            return Optional.empty();
        }
        if (version < 4 && length != HEADER_BYTES && !isMacLength(length - HEADER_BYTES)) {
            return Optional.empty();
        }
        return Optional.of(new NtpPacket((data[0] >> 6) & 3, version, data[0] & 7, data[1] & 0xFF, data[2], data[3],
                getInt(data, 4), getInt(data, 8), getInt(data, 12), getLong(data, 16), getLong(data, 24),
                getLong(data, 32), getLong(data, 40)));
    }

    public static Optional<NtpPacket> decode(byte[] data) {
        return decode(data, data == null ? 0 : data.length);
    }

    /**
     * After the header, NTPv4 allows extension fields (type u16, length u16 counting the whole field,
     * a multiple of 4 and at least 16 bytes) and then an optional MAC (key id + MD5/SHA-1 digest,
     * or a 4-byte crypto-NAK). Walks them without trusting any length it has not bounds-checked.
     */
    static boolean trailerIsWellFormed(byte[] data, int length) {
        int pos = HEADER_BYTES;
        while (length - pos > 24) { // more than a MAC can be: must be an extension field
            int fieldLength = ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
            if (fieldLength < 16 || (fieldLength & 3) != 0 || fieldLength > length - pos) {
                return false;
            }
            pos += fieldLength;
        }
        int rest = length - pos;
        return rest == 0 || isMacLength(rest) || isExtensionField(data, pos, rest);
    }

    private static boolean isExtensionField(byte[] data, int pos, int rest) {
        if (rest < 16) {
            return false;
        }
        int fieldLength = ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
        return fieldLength == rest && (fieldLength & 3) == 0;
    }

    private static boolean isMacLength(int n) {
        return n == 4 || n == 20 || n == 24;
    }

    /** True for a Kiss-o'-Death packet: a server reply with stratum 0; its code is {@link #kissCode()}. */
    public boolean isKissOfDeath() {
        return mode == MODE_SERVER && stratum == 0;
    }

    /** The reference ID as four ASCII characters, trailing NULs dropped (KoD code, or a refclock name). */
    public String kissCode() {
        return asciiRefId(referenceId);
    }

    /** The reference ID as people read it: ASCII at stratum 0 and 1, an IPv4 address above. */
    public String referenceIdText() {
        return referenceIdText(stratum, referenceId);
    }

    public static String referenceIdText(int stratum, int referenceId) {
        if (stratum <= 1) {
            return asciiRefId(referenceId);
        }
        return ((referenceId >>> 24) & 0xFF) + "." + ((referenceId >>> 16) & 0xFF) + "."
                + ((referenceId >>> 8) & 0xFF) + "." + (referenceId & 0xFF);
    }

    static String asciiRefId(int referenceId) {
        byte[] b = {(byte) (referenceId >>> 24), (byte) (referenceId >>> 16), (byte) (referenceId >>> 8),
                (byte) referenceId};
        int n = 4;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }

    /** Four ASCII characters (NUL-padded) as a reference ID, e.g. "GPS", "LOCL", "RATE". */
    public static int asciiReferenceId(String code) {
        byte[] b = code.getBytes(StandardCharsets.US_ASCII);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (i < b.length ? b[i] & 0xFF : 0);
        }
        return v;
    }

    public long rootDelayNs() {
        return NtpTimestamp.shortToNs(rootDelay);
    }

    public long rootDispersionNs() {
        return NtpTimestamp.shortToNs(rootDispersion);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFF_FFFFL);
    }

    /** Overwrites the transmit timestamp of an encoded packet: the last thing a server does before sending. */
    public static void patchTransmit(byte[] encoded, long transmitTs) {
        putLong(encoded, TRANSMIT_OFFSET, transmitTs);
    }
}
