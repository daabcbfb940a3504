package io.tidemark.sync.ptp;

import java.nio.charset.StandardCharsets;

/** Big-endian field access for the codecs. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int o) {
        return b[o] & 0xFF;
    }

    static int s8(byte[] b, int o) {
        return b[o];
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int s16(byte[] b, int o) {
        return (short) u16(b, o);
    }

    static long u32(byte[] b, int o) {
        return ((long) u16(b, o) << 16) | u16(b, o + 2);
    }

    static int s32(byte[] b, int o) {
        return (int) u32(b, o);
    }

    static long u48(byte[] b, int o) {
        return ((long) u16(b, o) << 32) | u32(b, o + 2);
    }

    static long s64(byte[] b, int o) {
        return (u32(b, o) << 32) | u32(b, o + 4);
    }

    static void put8(byte[] b, int o, int v) {
        b[o] = (byte) v;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, long v) {
        put16(b, o, (int) (v >>> 16));
        put16(b, o + 2, (int) v);
    }

    static void put48(byte[] b, int o, long v) {
        put16(b, o, (int) (v >>> 32));
        put32(b, o + 2, v);
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, v >>> 32);
        put32(b, o + 4, v);
    }

    /** A NUL-padded ASCII field. */
    static String ascii(byte[] b, int o, int len) {
        int end = o;
        while (end < o + len && b[end] != 0) {
            end++;
        }
        return new String(b, o, end - o, StandardCharsets.US_ASCII);
    }

    static void putAscii(byte[] b, int o, int len, String s) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, o, Math.min(len, a.length));
    }
}
