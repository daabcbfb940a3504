package io.tidemark.sync.ptp;

import static io.tidemark.sync.ptp.Bytes.*;

/**
 * IEEE 1588-2008 (PTPv2), the AES67 default profile, two-step: pure functions between bytes and
 * values. 34-byte header; Sync, Delay_Req, Follow_Up 44 bytes; Delay_Resp 54; Announce 64.
 */
public final class PtpV2Codec {

    public static final int HEADER_LENGTH = 34;
    public static final int SYNC_LENGTH = 44;
    public static final int DELAY_RESP_LENGTH = 54;
    public static final int ANNOUNCE_LENGTH = 64;

    public static final int TYPE_SYNC = 0x0;
    public static final int TYPE_DELAY_REQ = 0x1;
    public static final int TYPE_FOLLOW_UP = 0x8;
    public static final int TYPE_DELAY_RESP = 0x9;
    public static final int TYPE_ANNOUNCE = 0xB;

    /** flagField bits, as a u16 (byte 6 high, byte 7 low). */
    public static final int FLAG_TWO_STEP = 0x0200;
    public static final int FLAG_UNICAST = 0x0400;
    public static final int FLAG_LEAP61 = 0x0001;
    public static final int FLAG_LEAP59 = 0x0002;
    public static final int FLAG_UTC_OFFSET_VALID = 0x0004;
    public static final int FLAG_PTP_TIMESCALE = 0x0008;
    public static final int FLAG_TIME_TRACEABLE = 0x0010;
    public static final int FLAG_FREQUENCY_TRACEABLE = 0x0020;

    private PtpV2Codec() {
    }

    /** The common header; messageType, length and controlField follow from the encoder used. */
    public record Header(int domain, int flags, long correctionScaledNs, PortIdentity source, int sequenceId,
                         int logMessageInterval) {
    }

    /** The Announce body. */
    public record AnnounceBody(PtpTimestamp origin, int currentUtcOffsetS, int priority1, int clockClass,
                               int clockAccuracy, int offsetScaledLogVariance, int priority2,
                               ClockIdentity grandmaster, int stepsRemoved, int timeSource) {
    }

    private static byte[] header(Header h, int type, int length, int control) {
        byte[] b = new byte[length];
        put8(b, 0, type);
        put8(b, 1, 2);
        put16(b, 2, length);
        put8(b, 4, h.domain());
        put16(b, 6, h.flags());
        put64(b, 8, h.correctionScaledNs());
        h.source().clock().writeTo(b, 20);
        put16(b, 28, h.source().port());
        put16(b, 30, h.sequenceId());
        put8(b, 32, control);
        put8(b, 33, h.logMessageInterval());
        return b;
    }

    private static void putTimestamp(byte[] b, int o, PtpTimestamp t) {
        put48(b, o, t.seconds());
        put32(b, o + 6, t.nanoseconds());
    }

    private static PtpTimestamp timestamp(byte[] b, int o) {
        return new PtpTimestamp(u48(b, o), u32(b, o + 6));
    }

    public static byte[] encodeSync(Header h, PtpTimestamp origin) {
        byte[] b = header(h, TYPE_SYNC, SYNC_LENGTH, 0);
        putTimestamp(b, 34, origin);
        return b;
    }

    public static byte[] encodeDelayReq(Header h, PtpTimestamp origin) {
        byte[] b = header(h, TYPE_DELAY_REQ, SYNC_LENGTH, 1);
        putTimestamp(b, 34, origin);
        return b;
    }

    public static byte[] encodeFollowUp(Header h, PtpTimestamp preciseOrigin) {
        byte[] b = header(h, TYPE_FOLLOW_UP, SYNC_LENGTH, 2);
        putTimestamp(b, 34, preciseOrigin);
        return b;
    }

    public static byte[] encodeDelayResp(Header h, PtpTimestamp receive, PortIdentity requesting) {
        byte[] b = header(h, TYPE_DELAY_RESP, DELAY_RESP_LENGTH, 3);
        putTimestamp(b, 34, receive);
        requesting.clock().writeTo(b, 44);
        put16(b, 52, requesting.port());
        return b;
    }

    public static byte[] encodeAnnounce(Header h, AnnounceBody a) {
        byte[] b = header(h, TYPE_ANNOUNCE, ANNOUNCE_LENGTH, 5);
        putTimestamp(b, 34, a.origin());
        put16(b, 44, a.currentUtcOffsetS());
        put8(b, 47, a.priority1());
        put8(b, 48, a.clockClass());
        put8(b, 49, a.clockAccuracy());
        put16(b, 50, a.offsetScaledLogVariance());
        put8(b, 52, a.priority2());
        a.grandmaster().writeTo(b, 53);
        put16(b, 61, a.stepsRemoved());
        put8(b, 63, a.timeSource());
        return b;
    }

    public static PtpMessage decode(byte[] b, int length) throws MalformedPtpException {
        if (length < HEADER_LENGTH || (b[1] & 0x0F) != 2) {
            throw new MalformedPtpException("not a PTPv2 header");
        }
        int type = b[0] & 0x0F;
        int messageLength = u16(b, 2);
        if (messageLength > length || messageLength < HEADER_LENGTH) {
            throw new MalformedPtpException("PTPv2 messageLength " + messageLength + " but " + length + " bytes");
        }
        int domain = u8(b, 4);
        int flags = u16(b, 6);
        long correction = s64(b, 8);
        PortIdentity source = new PortIdentity(ClockIdentity.of(b, 20, 8), u16(b, 28));
        int seq = u16(b, 30);
        int logInterval = s8(b, 33);
        boolean twoStep = (flags & FLAG_TWO_STEP) != 0;
        PtpMessageType t;
        PtpTimestamp ts = null;
        PortIdentity requesting = null;
        GrandmasterInfo gm = null;
        switch (type) {
            case TYPE_SYNC, TYPE_DELAY_REQ, TYPE_FOLLOW_UP -> {
                need(messageLength, SYNC_LENGTH);
                t = type == TYPE_SYNC ? PtpMessageType.SYNC
                        : type == TYPE_DELAY_REQ ? PtpMessageType.DELAY_REQ : PtpMessageType.FOLLOW_UP;
                ts = timestamp(b, 34);
            }
            case TYPE_DELAY_RESP -> {
                need(messageLength, DELAY_RESP_LENGTH);
                t = PtpMessageType.DELAY_RESP;
                ts = timestamp(b, 34);
                requesting = new PortIdentity(ClockIdentity.of(b, 44, 8), u16(b, 52));
            }
            case TYPE_ANNOUNCE -> {
                need(messageLength, ANNOUNCE_LENGTH);
                t = PtpMessageType.ANNOUNCE;
                ts = timestamp(b, 34);
                gm = new GrandmasterInfo(ClockIdentity.of(b, 53, 8), u8(b, 47), u8(b, 48), u8(b, 49), u16(b, 50),
                        u8(b, 52), u16(b, 61), s16(b, 44), (flags & FLAG_PTP_TIMESCALE) != 0,
                        (flags & FLAG_UTC_OFFSET_VALID) != 0);
            }
            default -> t = PtpMessageType.OTHER;
        }
        return new PtpMessage(PtpVersion.V2, t, domain, null, source, seq, twoStep, correction, logInterval, ts, seq,
                requesting, seq, gm, messageLength);
    }

    private static void need(int length, int needed) throws MalformedPtpException {
        if (length < needed) {
            throw new MalformedPtpException("PTPv2 message needs " + needed + " bytes, got " + length);
        }
    }
}
