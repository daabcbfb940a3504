package io.tidemark.sync.ptp;

import java.util.HexFormat;

/**
 * A PTP clock identity: the 6-byte UUID of PTPv1 (an Ethernet MAC) or the 8-byte clockIdentity of
 * PTPv2 (EUI-64). Printed the way the reference tools print it: v1 as a MAC ("00:1d:c1:0a:0b:0c",
 * as tshark), v2 as ptp4l does ("001dc1.fffe.0a0b0c").
 */
public record ClockIdentity(byte[] bytes) {

    public ClockIdentity {
        if (bytes.length != 6 && bytes.length != 8) {
            throw new IllegalArgumentException("a clock identity has 6 (v1) or 8 (v2) bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public static ClockIdentity of(byte[] buf, int offset, int length) {
        byte[] b = new byte[length];
        System.arraycopy(buf, offset, b, 0, length);
        return new ClockIdentity(b);
    }

    /** The EUI-64 a PTPv2 port builds from its MAC: first three bytes, FF FE, last three. */
    public static ClockIdentity v2FromMac(byte[] mac) {
        return new ClockIdentity(new byte[]{mac[0], mac[1], mac[2], (byte) 0xFF, (byte) 0xFE, mac[3], mac[4], mac[5]});
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(byte[] buf, int offset) {
        System.arraycopy(bytes, 0, buf, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClockIdentity c && java.util.Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        if (bytes.length == 6) {
            return HexFormat.ofDelimiter(":").formatHex(bytes);
        }
        return hex.formatHex(bytes, 0, 3) + "." + hex.formatHex(bytes, 3, 5) + "." + hex.formatHex(bytes, 5, 8);
    }
}
