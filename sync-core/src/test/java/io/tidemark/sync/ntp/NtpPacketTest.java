package io.tidemark.sync.ntp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpPacketTest {

    static NtpPacket randomPacket(SplittableRandom r) {
        return new NtpPacket(r.nextInt(4), 1 + r.nextInt(4), r.nextInt(8), r.nextInt(256), r.nextInt(-128, 128),
                r.nextInt(-128, 128), r.nextInt(), r.nextInt(), r.nextInt(), r.nextLong(), r.nextLong(), r.nextLong(),
                r.nextLong());
    }

    @Test
    void encodeDecodeRoundTripsRandomPackets() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 100_000; i++) {
            NtpPacket p = randomPacket(r);
            byte[] b = p.encode();
            assertEquals(48, b.length);
            assertEquals(p, NtpPacket.decode(b).orElseThrow());
            assertArrayEquals(b, NtpPacket.decode(b).orElseThrow().encode());
        }
    }

    @Test
    void headerFieldsSitWhereRfc5905PutsThem() {
        NtpPacket p = new NtpPacket(3, 4, 4, 2, 6, -23, 0x0001_8000, 0x0000_4000, 0x7F7F_0101,
                0x1111_1111_2222_2222L, 0x3333_3333_4444_4444L, 0x5555_5555_6666_6666L, 0x7777_7777_8888_8888L);
        byte[] b = p.encode();
        assertEquals((byte) 0xE4, b[0]); // LI 3, VN 4, mode 4
        assertEquals(2, b[1]);
        assertEquals(6, b[2]);
        assertEquals(-23, b[3]);
        assertEquals(0x01, b[5]);
        assertEquals((byte) 0x80, b[6]);
        assertEquals((byte) 0x7F, b[12]);
        assertEquals(0x11, b[16]);
        assertEquals(0x33, b[24]);
        assertEquals(0x55, b[32]);
        assertEquals(0x77, b[40]);
        assertEquals((byte) 0x88, b[47]);
        assertEquals(1_500_000_000L, p.rootDelayNs());
        assertEquals("127.127.1.1", p.referenceIdText());
    }

    @Test
    void kissOfDeathAndReferenceIds() {
        NtpPacket kod = new NtpPacket(3, 4, 4, 0, 0, 0, 0, 0, NtpPacket.asciiReferenceId("RATE"), 0, 0, 0, 0);
        assertTrue(kod.isKissOfDeath());
        assertEquals("RATE", kod.kissCode());
        assertEquals("GPS", NtpPacket.referenceIdText(1, NtpPacket.asciiReferenceId("GPS")));
        assertFalse(NtpPacket.clientRequest(5).isKissOfDeath());
    }

    @Test
    void extensionFieldsAndMacAreSkippedWhenWellFormed() {
        byte[] head = NtpPacket.clientRequest(42).encode();
        // One 16-byte extension field, then a 20-byte MAC (key id + MD5).
        byte[] b = new byte[48 + 16 + 20];
        System.arraycopy(head, 0, b, 0, 48);
        b[48] = 0x01;
        b[51] = 16;
        assertEquals(42, NtpPacket.decode(b).orElseThrow().transmitTs());
        // A field claiming more bytes than there are is malformed.
        b[51] = (byte) 200;
        b[50] = 0;
        assertTrue(NtpPacket.decode(b).isEmpty());
        // A field length that is not a multiple of 4.
        byte[] c = new byte[48 + 28];
        System.arraycopy(head, 0, c, 0, 48);
        c[51] = 27;
        assertTrue(NtpPacket.decode(c).isEmpty());
        // A bare MAC (NTPv3 style) and a crypto-NAK are fine.
        assertTrue(NtpPacket.decode(java.util.Arrays.copyOf(head, 68)).isPresent());
        assertTrue(NtpPacket.decode(java.util.Arrays.copyOf(head, 52)).isPresent());
    }

    @Test
    void rejectsShortPacketsAndBadVersions() {
        byte[] b = NtpPacket.clientRequest(1).encode();
        for (int n = 0; n < 48; n++) {
            assertTrue(NtpPacket.decode(b, n).isEmpty());
        }
        b[0] = (byte) ((b[0] & 0xC7) | (5 << 3));
        assertTrue(NtpPacket.decode(b).isEmpty());
        b[0] = (byte) (b[0] & 0xC7);
        assertTrue(NtpPacket.decode(b).isEmpty());
        assertTrue(NtpPacket.decode(null, 48).isEmpty());
        assertTrue(NtpPacket.decode(new byte[48], 49).isEmpty());
    }
}
