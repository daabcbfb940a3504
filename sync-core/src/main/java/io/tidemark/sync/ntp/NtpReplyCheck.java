package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;

import java.util.Optional;

/**
 * Judges one server reply against the request it answers (RFC 5905's packet tests) and turns it
 * into an {@link NtpSample}. Pure: the client, the query command and the tests share it.
 */
public final class NtpReplyCheck {

    /**
     * The outcome of one exchange.
     *
     * @param sample    the sample; {@code accepted} here means "passed the packet tests"
     * @param packet    the decoded reply, or null if there was none or it did not decode
     * @param kissCode  the Kiss-o'-Death code (DENY, RSTR, RATE, ...) or null
     * @param answers   the packet is a server reply to this very request (mode 4, origin echoed), so
     *                  its header (stratum, leap, KoD) speaks for the server
     */
    public record Result(NtpSample sample, NtpPacket packet, String kissCode, boolean answers) {
        public boolean valid() {
            return sample.accepted();
        }
    }

    private NtpReplyCheck() {
    }

    /**
     * @param server          who was asked
     * @param t1              both clocks read just before the request left (T1)
     * @param requestTransmit the transmit timestamp sent, which the server must echo as origin
     * @param reply           the reply's bytes
     * @param length          how many of them
     * @param t4              both clocks read at the reply's arrival (T4)
     * @param maxClockStepNs  largest tolerated disagreement of REALTIME and RAW across the exchange
     */
    public static Result check(NtpServerAddress server, ClockReading t1, long requestTransmit, byte[] reply, int length,
                               ClockReading t4, long maxClockStepNs) {
        Optional<NtpPacket> decoded = NtpPacket.decode(reply, length);
        if (decoded.isEmpty()) {
            return new Result(reject(server, t1, t4, "malformed reply (" + length + " bytes)"), null, null, false);
        }
        NtpPacket p = decoded.get();
        long t2 = NtpTimestamp.toUnixNs(p.receiveTs(), t1.realtimeNs());
        long t3 = NtpTimestamp.toUnixNs(p.transmitTs(), t1.realtimeNs());
        String reason = null;
        String kiss = null;
        boolean answers = p.mode() == NtpPacket.MODE_SERVER && p.originTs() == requestTransmit;
        if (p.mode() != NtpPacket.MODE_SERVER) {
            reason = "not a server reply (mode " + p.mode() + ")";
        } else if (p.originTs() != requestTransmit) {
            reason = "origin timestamp mismatch (stale or forged reply)";
        } else if (p.isKissOfDeath()) {
            kiss = p.kissCode();
            reason = "kiss-o'-death " + kiss;
        } else if (p.leap() == NtpPacket.LEAP_UNSYNCHRONISED) {
            reason = "server unsynchronised (LI=3)";
        } else if (p.stratum() >= NtpPacket.STRATUM_UNSYNCHRONISED) {
            reason = "server unsynchronised (stratum " + p.stratum() + ")";
        } else if (p.transmitTs() == 0 || p.receiveTs() == 0) {
            reason = "server timestamps missing";
        } else if (t3 < t2) {
            reason = "server transmitted before it received";
        } else if (Math.abs((t4.realtimeNs() - t1.realtimeNs()) - (t4.monoRawNs() - t1.monoRawNs())) > maxClockStepNs) {
            reason = "system clock stepped during the exchange";
        }
        long offset = NtpSample.offsetNs(t1.realtimeNs(), t2, t3, t4.realtimeNs());
        long delay = NtpSample.delayNs(t1.realtimeNs(), t2, t3, t4.realtimeNs());
        if (reason == null && delay < 0) {
            reason = "negative delay";
        }
        NtpSample s = new NtpSample(server.toString(), t1.realtimeNs(), t2, t3, t4.realtimeNs(), t1.monoRawNs(),
                t4.monoRawNs(), p.stratum(), p.referenceIdText(), p.leap(), offset, delay, reason == null, reason);
        return new Result(s, p, kiss, answers);
    }

    /** A sample for an exchange that produced no usable reply: only T1 (and T4 if known) are real. */
    public static NtpSample reject(NtpServerAddress server, ClockReading t1, ClockReading t4, String reason) {
        long t4Ns = t4 == null ? 0 : t4.realtimeNs();
        long t4Raw = t4 == null ? 0 : t4.monoRawNs();
        return new NtpSample(server.toString(), t1.realtimeNs(), 0, 0, t4Ns, t1.monoRawNs(), t4Raw, 0, "", 0, 0, 0,
                false, reason);
    }

    /** The reason the client gives a valid reply that was not its burst's fastest. */
    public static final String NOT_FASTEST_OF_BURST = "not the least delay of its burst";
    /** The reason the client gives a burst's fastest reply that was slow against recent bursts. */
    public static final String SLOW_AGAINST_RECENT = "delay above recent bursts";

    /**
     * The exchange passed the packet tests (mode, origin echoed, no KoD, LI not alarm, stratum 1..15,
     * timestamps present, no clock step): accepted by the client, or only turned down by its delay filters
     * ({@link #NOT_FASTEST_OF_BURST}, {@link #SLOW_AGAINST_RECENT}). A post-hoc fit may use all of these.
     */
    public static boolean passedPacketTests(NtpSample s) {
        return s.accepted() || (s.rejectReason() != null && (s.rejectReason().startsWith(NOT_FASTEST_OF_BURST)
                || s.rejectReason().startsWith(SLOW_AGAINST_RECENT) || SLOW_REASON.matcher(s.rejectReason()).matches()));
    }

    /** How sessions recorded before {@link #SLOW_AGAINST_RECENT} existed give that reason. */
    private static final java.util.regex.Pattern SLOW_REASON =
            java.util.regex.Pattern.compile("delay \\d+ ns above the \\d+th percentile .*");

    /** The same sample with its verdict changed by a later filter. */
    public static NtpSample rejected(NtpSample s, String reason) {
        return new NtpSample(s.server(), s.t1Ns(), s.t2Ns(), s.t3Ns(), s.t4Ns(), s.t1MonoRawNs(), s.t4MonoRawNs(),
                s.stratum(), s.refId(), s.leap(), s.offsetNs(), s.delayNs(), false, reason);
    }
}
