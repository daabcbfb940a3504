package io.tidemark.sync.ptp;

/**
 * What {@code tidemark ptp monitor} prints for one decoded message.
 *
 * @param version         1 or 2
 * @param type            message type
 * @param sequenceId      sequenceId
 * @param source          sending port
 * @param grandmaster     the grandmaster this message speaks for (null when unknown yet)
 * @param offsetNs        for a completed Sync: master time, path-delay corrected, minus CLOCK_REALTIME; else null
 * @param delayNs         the mean path delay once measured, else null
 * @param timestampSource how the receive time was taken
 * @param delayReqTimestampSource how the send time of the Delay_Req behind {@code delayNs} was taken, else null
 * @param message         the decoded message
 */
public record PtpObservation(int version, PtpMessageType type, int sequenceId, PortIdentity source,
                             ClockIdentity grandmaster, Long offsetNs, Long delayNs, TimestampSource timestampSource,
                             TimestampSource delayReqTimestampSource, PtpMessage message) {
}
