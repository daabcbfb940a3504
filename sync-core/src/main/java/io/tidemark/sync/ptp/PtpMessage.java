package io.tidemark.sync.ptp;

/**
 * One decoded PTP message of either version, in the terms the port logic needs. The per-version
 * codecs ({@link PtpV1Codec}, {@link PtpV2Codec}) fill it in; fields a message type lacks are null
 * or zero.
 *
 * @param version              V1 or V2
 * @param type                 what kind of message
 * @param domain               v2 domainNumber; v1: 0
 * @param subdomain            v1 subdomain name (e.g. "_DFLT"); v2: null
 * @param source               the sending port
 * @param sequenceId           sequenceId
 * @param twoStep              v2 twoStepFlag / v1 PTP_ASSIST: a Follow_Up carries the precise time
 * @param correctionScaledNs   v2 correctionField (ns × 2^16); v1: 0
 * @param logIntervalS         v2 logMessageInterval / v1 syncInterval, log2 s
 * @param timestamp            origin (Sync, Delay_Req, Announce), preciseOrigin (Follow_Up) or receive (Delay_Resp) time
 * @param associatedSequenceId the Sync a Follow_Up belongs to (v1 field; v2: its own sequenceId)
 * @param requestingPort       Delay_Resp: who asked
 * @param requestingSequenceId Delay_Resp: the Delay_Req it answers (v1 field; v2: its own sequenceId)
 * @param grandmaster          v2 Announce, v1 Sync/Delay_Req: the grandmaster's data; else null
 * @param length               bytes the message occupies
 */
public record PtpMessage(PtpVersion version, PtpMessageType type, int domain, String subdomain, PortIdentity source,
                         int sequenceId, boolean twoStep, long correctionScaledNs, int logIntervalS,
                         PtpTimestamp timestamp, int associatedSequenceId, PortIdentity requestingPort,
                         int requestingSequenceId, GrandmasterInfo grandmaster, int length) {

    /** correctionField in whole ns (rounded towards minus infinity). */
    public long correctionNs() {
        return correctionScaledNs >> 16;
    }

    /** Decodes a packet of either version; empty when it is neither, too short, or malformed. */
    public static java.util.Optional<PtpMessage> decode(byte[] buf, int length) {
        try {
            return switch (PtpVersion.classify(buf, length)) {
                case V1 -> java.util.Optional.of(PtpV1Codec.decode(buf, length));
                case V2 -> java.util.Optional.of(PtpV2Codec.decode(buf, length));
                case UNKNOWN -> java.util.Optional.empty();
            };
        } catch (MalformedPtpException e) {
            return java.util.Optional.empty();
        }
    }
}
