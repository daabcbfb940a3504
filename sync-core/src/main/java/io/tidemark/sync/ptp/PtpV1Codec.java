package io.tidemark.sync.ptp;

import static io.tidemark.sync.ptp.Bytes.*;

/**
 * IEEE 1588-2002 (PTPv1), what Dante devices send: pure functions between bytes and values.
 * Offsets are those of the standard (and of Wireshark's dissector): 40-byte header; Sync and
 * Delay_Req 124 bytes with grandmasterClockUuid at 54–59; Follow_Up 52; Delay_Resp 60.
 */
public final class PtpV1Codec {

    public static final int HEADER_LENGTH = 40;
    public static final int SYNC_LENGTH = 124;
    public static final int FOLLOW_UP_LENGTH = 52;
    public static final int DELAY_RESP_LENGTH = 60;

    public static final int CONTROL_SYNC = 0;
    public static final int CONTROL_DELAY_REQ = 1;
    public static final int CONTROL_FOLLOW_UP = 2;
    public static final int CONTROL_DELAY_RESP = 3;
    public static final int MESSAGE_TYPE_EVENT = 1;
    public static final int MESSAGE_TYPE_GENERAL = 2;
    /** flags: PTP_ASSIST, the sender follows up with the precise time (two-step). */
    public static final int FLAG_ASSIST = 0x0008;
    public static final int FLAG_LI61 = 0x0001;
    public static final int FLAG_LI59 = 0x0002;
    /** communicationTechnology: IEEE 802.3 Ethernet. */
    public static final int COMM_ETHER = 1;

    private PtpV1Codec() {
    }

    /** The common header. messageType and control follow from which encoder is used. */
    public record Header(int versionNetwork, String subdomain, int sourceCommTech, ClockIdentity sourceUuid,
                         int sourcePortId, int sequenceId, int flags) {
    }

    /** The body of Sync and Delay_Req (identical layouts). */
    public record SyncBody(PtpTimestamp origin, int epochNumber, int currentUtcOffsetS, int gmCommTech,
                           ClockIdentity gmUuid, int gmPortId, int gmSequenceId, int gmStratum, String gmIdentifier,
                           int gmVariance, boolean gmPreferred, boolean gmIsBoundaryClock, int syncIntervalLog2S,
                           int localVariance, int localStepsRemoved, int localStratum, String localIdentifier,
                           int parentCommTech, ClockIdentity parentUuid, int parentPortId, int estMasterVariance,
                           int estMasterDrift, boolean utcReasonable) {
    }

    private static byte[] header(Header h, int length, int messageType, int control) {
        if (h.sourceUuid().bytes().length != 6) {
            throw new IllegalArgumentException("PTPv1 UUIDs have 6 bytes");
        }
        byte[] b = new byte[length];
        put16(b, 0, 1);
        put16(b, 2, h.versionNetwork());
        putAscii(b, 4, 16, h.subdomain());
        put8(b, 20, messageType);
        put8(b, 21, h.sourceCommTech());
        h.sourceUuid().writeTo(b, 22);
        put16(b, 28, h.sourcePortId());
        put16(b, 30, h.sequenceId());
        put8(b, 32, control);
        put16(b, 34, h.flags());
        return b;
    }

    public static byte[] encodeSync(Header h, SyncBody s) {
        return encodeSyncLike(h, s, CONTROL_SYNC);
    }

    public static byte[] encodeDelayReq(Header h, SyncBody s) {
        return encodeSyncLike(h, s, CONTROL_DELAY_REQ);
    }

    private static byte[] encodeSyncLike(Header h, SyncBody s, int control) {
        byte[] b = header(h, SYNC_LENGTH, MESSAGE_TYPE_EVENT, control);
        put32(b, 40, s.origin().seconds());
        put32(b, 44, s.origin().nanoseconds());
        put16(b, 48, s.epochNumber());
        put16(b, 50, s.currentUtcOffsetS());
        put8(b, 53, s.gmCommTech());
        s.gmUuid().writeTo(b, 54);
        put16(b, 60, s.gmPortId());
        put16(b, 62, s.gmSequenceId());
        put8(b, 67, s.gmStratum());
        putAscii(b, 68, 4, s.gmIdentifier());
        put16(b, 74, s.gmVariance());
        put8(b, 77, s.gmPreferred() ? 1 : 0);
        put8(b, 79, s.gmIsBoundaryClock() ? 1 : 0);
        put8(b, 83, s.syncIntervalLog2S());
        put16(b, 86, s.localVariance());
        put16(b, 90, s.localStepsRemoved());
        put8(b, 95, s.localStratum());
        putAscii(b, 96, 4, s.localIdentifier());
        put8(b, 101, s.parentCommTech());
        s.parentUuid().writeTo(b, 102);
        put16(b, 110, s.parentPortId());
        put16(b, 114, s.estMasterVariance());
        put32(b, 116, s.estMasterDrift());
        put8(b, 123, s.utcReasonable() ? 1 : 0);
        return b;
    }

    public static byte[] encodeFollowUp(Header h, int associatedSequenceId, PtpTimestamp preciseOrigin) {
        byte[] b = header(h, FOLLOW_UP_LENGTH, MESSAGE_TYPE_GENERAL, CONTROL_FOLLOW_UP);
        put16(b, 42, associatedSequenceId);
        put32(b, 44, preciseOrigin.seconds());
        put32(b, 48, preciseOrigin.nanoseconds());
        return b;
    }

    public static byte[] encodeDelayResp(Header h, PtpTimestamp delayReceipt, int requestingCommTech,
                                         ClockIdentity requestingUuid, int requestingPortId,
                                         int requestingSequenceId) {
        byte[] b = header(h, DELAY_RESP_LENGTH, MESSAGE_TYPE_GENERAL, CONTROL_DELAY_RESP);
        put32(b, 40, delayReceipt.seconds());
        put32(b, 44, delayReceipt.nanoseconds());
        put8(b, 49, requestingCommTech);
        requestingUuid.writeTo(b, 50);
        put16(b, 56, requestingPortId);
        put16(b, 58, requestingSequenceId);
        return b;
    }

    /** A minimal Delay_Req as a slave sends it: our identity, our send time, the grandmaster we follow. */
    public static byte[] encodeDelayReq(String subdomain, ClockIdentity ourUuid, int sequenceId,
                                        PtpTimestamp originEstimate, ClockIdentity grandmaster, int syncIntervalLog2S) {
        Header h = new Header(1, subdomain, COMM_ETHER, ourUuid, 1, sequenceId, 0);
        ClockIdentity gm = grandmaster != null ? grandmaster : ourUuid;
        SyncBody s = new SyncBody(originEstimate, 0, 0, COMM_ETHER, gm, 1, 0, 255, "", 0, false, false,
                syncIntervalLog2S, 0, 0, 255, "", COMM_ETHER, gm, 1, 0, 0, false);
        return encodeDelayReq(h, s);
    }

    public static PtpMessage decode(byte[] b, int length) throws MalformedPtpException {
        if (length < HEADER_LENGTH || u16(b, 0) != 1) {
            throw new MalformedPtpException("not a PTPv1 header");
        }
        String subdomain = ascii(b, 4, 16);
        PortIdentity source = new PortIdentity(ClockIdentity.of(b, 22, 6), u16(b, 28));
        int seq = u16(b, 30);
        int control = u8(b, 32);
        int flags = u16(b, 34);
        boolean twoStep = (flags & FLAG_ASSIST) != 0;
        switch (control) {
            case CONTROL_SYNC, CONTROL_DELAY_REQ -> {
                need(length, SYNC_LENGTH, "Sync/Delay_Req");
                PtpTimestamp origin = new PtpTimestamp(u32(b, 40), s32(b, 44));
                GrandmasterInfo gm = new GrandmasterInfo(ClockIdentity.of(b, 54, 6),
                        u8(b, 77) != 0 ? 0 : 128, u8(b, 67), 0xFE, s16(b, 74), 128, u16(b, 90),
                        s16(b, 50), false, u8(b, 123) != 0);
                return new PtpMessage(PtpVersion.V1, control == CONTROL_SYNC ? PtpMessageType.SYNC
                        : PtpMessageType.DELAY_REQ, 0, subdomain, source, seq, twoStep, 0, s8(b, 83), origin,
                        seq, null, 0, gm, SYNC_LENGTH);
            }
            case CONTROL_FOLLOW_UP -> {
                need(length, FOLLOW_UP_LENGTH, "Follow_Up");
                return new PtpMessage(PtpVersion.V1, PtpMessageType.FOLLOW_UP, 0, subdomain, source, seq, twoStep,
                        0, 0, new PtpTimestamp(u32(b, 44), s32(b, 48)), u16(b, 42), null, 0, null, FOLLOW_UP_LENGTH);
            }
            case CONTROL_DELAY_RESP -> {
                need(length, DELAY_RESP_LENGTH, "Delay_Resp");
                PortIdentity req = new PortIdentity(ClockIdentity.of(b, 50, 6), u16(b, 56));
                return new PtpMessage(PtpVersion.V1, PtpMessageType.DELAY_RESP, 0, subdomain, source, seq, twoStep,
                        0, 0, new PtpTimestamp(u32(b, 40), s32(b, 44)), seq, req, u16(b, 58), null,
                        DELAY_RESP_LENGTH);
            }
            default -> {
                return new PtpMessage(PtpVersion.V1, PtpMessageType.OTHER, 0, subdomain, source, seq, twoStep, 0, 0,
                        null, seq, null, 0, null, length);
            }
        }
    }

    private static void need(int length, int needed, String what) throws MalformedPtpException {
        if (length < needed) {
            throw new MalformedPtpException("PTPv1 " + what + " needs " + needed + " bytes, got " + length);
        }
    }
}
