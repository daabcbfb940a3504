package io.tidemark.sync.ptp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PtpCodecTest {

    static final ClockIdentity GM = new ClockIdentity(new byte[]{0x00, 0x1d, (byte) 0xc1, 0x0a, 0x0b, 0x0c});
    static final ClockIdentity SRC = new ClockIdentity(new byte[]{0x00, 0x1d, (byte) 0xc1, 0x01, 0x02, 0x03});

    static byte[] v1Sync(int seq) {
        PtpV1Codec.Header h = new PtpV1Codec.Header(1, "_DFLT", 1, SRC, 1, seq, PtpV1Codec.FLAG_ASSIST);
        PtpV1Codec.SyncBody b = new PtpV1Codec.SyncBody(new PtpTimestamp(3600, 125_000_000), 0, 37, 1, GM, 1, seq, 4,
                "DFLT", -4000, false, false, -3, 0, 0, 4, "DFLT", 1, GM, 1, 0, 0, true);
        return PtpV1Codec.encodeSync(h, b);
    }

    @Test
    void v1SyncPutsTheGrandmasterUuidAtBytes54To59AndDecodesBack() {
        byte[] p = v1Sync(77);
        assertEquals(124, p.length);
        assertArrayEquals(GM.bytes(), java.util.Arrays.copyOfRange(p, 54, 60));
        assertEquals(1, ((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
        PtpMessage m = PtpMessage.decode(p, p.length).orElseThrow();
        assertEquals(PtpVersion.V1, m.version());
        assertEquals(PtpMessageType.SYNC, m.type());
        assertEquals(77, m.sequenceId());
        assertEquals("_DFLT", m.subdomain());
        assertTrue(m.twoStep());
        assertEquals(GM, m.grandmaster().identity());
        assertEquals("00:1d:c1:0a:0b:0c", m.grandmaster().identity().toString());
        assertEquals(3600_125_000_000L, m.timestamp().toNs());
        assertEquals(37, m.grandmaster().currentUtcOffsetS());
        assertEquals(-3, m.logIntervalS());
    }

    @Test
    void v1FollowUpAndDelayRespRoundTrip() {
        PtpV1Codec.Header h = new PtpV1Codec.Header(1, "_DFLT", 1, SRC, 1, 5, 0);
        byte[] fu = PtpV1Codec.encodeFollowUp(h, 4, new PtpTimestamp(12, 345));
        assertEquals(52, fu.length);
        PtpMessage m = PtpMessage.decode(fu, fu.length).orElseThrow();
        assertEquals(PtpMessageType.FOLLOW_UP, m.type());
        assertEquals(4, m.associatedSequenceId());
        assertEquals(12_000_000_345L, m.timestamp().toNs());

        byte[] dr = PtpV1Codec.encodeDelayResp(h, new PtpTimestamp(13, 999), 1, GM, 1, 9);
        PtpMessage r = PtpMessage.decode(dr, dr.length).orElseThrow();
        assertEquals(PtpMessageType.DELAY_RESP, r.type());
        assertEquals(new PortIdentity(GM, 1), r.requestingPort());
        assertEquals(9, r.requestingSequenceId());
        assertEquals(13_000_000_999L, r.timestamp().toNs());
    }

    @Test
    void v2MessagesRoundTripAndAnnounceCarriesTheGrandmaster() {
        ClockIdentity id = ClockIdentity.v2FromMac(SRC.bytes());
        assertEquals("001dc1.fffe.010203", id.toString());
        PortIdentity port = new PortIdentity(id, 1);
        int flags = PtpV2Codec.FLAG_PTP_TIMESCALE | PtpV2Codec.FLAG_UTC_OFFSET_VALID;
        byte[] a = PtpV2Codec.encodeAnnounce(new PtpV2Codec.Header(0, flags, 0, port, 3, 1),
                new PtpV2Codec.AnnounceBody(PtpTimestamp.ZERO, 37, 1, 6, 0x21, 0x4E5D, 128, id, 0, 0x20));
        PtpMessage m = PtpMessage.decode(a, a.length).orElseThrow();
        assertEquals(PtpVersion.V2, m.version());
        assertEquals(PtpMessageType.ANNOUNCE, m.type());
        assertEquals(id, m.grandmaster().identity());
        assertTrue(m.grandmaster().ptpTimescale());
        assertEquals(37, m.grandmaster().currentUtcOffsetS());
        assertEquals(1, m.grandmaster().priority1());

        byte[] s = PtpV2Codec.encodeSync(new PtpV2Codec.Header(0, PtpV2Codec.FLAG_TWO_STEP, 5L << 16, port, 8, -3),
                new PtpTimestamp(1_700_000_000L, 5));
        PtpMessage sm = PtpMessage.decode(s, s.length).orElseThrow();
        assertEquals(PtpMessageType.SYNC, sm.type());
        assertTrue(sm.twoStep());
        assertEquals(5, sm.correctionNs());
        assertEquals(1_700_000_000_000_000_005L, sm.timestamp().toNs());

        byte[] dr = PtpV2Codec.encodeDelayResp(new PtpV2Codec.Header(0, 0, 0, port, 8, -3), new PtpTimestamp(1, 2),
                new PortIdentity(ClockIdentity.v2FromMac(GM.bytes()), 1));
        PtpMessage drm = PtpMessage.decode(dr, dr.length).orElseThrow();
        assertEquals(PtpMessageType.DELAY_RESP, drm.type());
        assertEquals(ClockIdentity.v2FromMac(GM.bytes()), drm.requestingPort().clock());
    }

    @Test
    void versionsAreNeverMistakenForEachOther() {
        byte[] v1 = v1Sync(1);
        assertEquals(PtpVersion.V1, PtpVersion.classify(v1, v1.length));
        ClockIdentity id = ClockIdentity.v2FromMac(SRC.bytes());
        for (int type : new int[]{0, 1, 8, 9, 0xB}) {
            byte[] v2 = PtpV2Codec.encodeSync(new PtpV2Codec.Header(0, 0, 0, new PortIdentity(id, 1), 1, 0),
                    PtpTimestamp.ZERO);
            v2[0] = (byte) type;
            assertEquals(PtpVersion.V2, PtpVersion.classify(v2, v2.length));
        }
        assertEquals(PtpVersion.UNKNOWN, PtpVersion.classify(new byte[60], 60));
        assertTrue(PtpMessage.decode(new byte[10], 10).isEmpty());
        // a v1 packet truncated to 50 bytes is malformed, not something else
        assertTrue(PtpMessage.decode(v1, 50).isEmpty());
    }
}
