package io.tidemark.sync.ntp;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What the NTP server does with one datagram, apart from any socket: request bytes, receive
 * timestamp and source address in, reply bytes or silence out.
 *
 * <p>Like chrony: only client requests (mode 3, version 1..4) from permitted addresses are
 * answered; everything else, and anything malformed, gets silence. Each address is rate-limited;
 * optionally it is told so with a Kiss-o'-Death RATE. A reply is the 48-byte header, never longer
 * than the request. The transmit timestamp is read from the served clock after everything else is
 * encoded, as late as this function can.
 */
public final class NtpServerHandler {

    /** What became of a datagram, for counters and tests. */
    public enum Outcome { REPLIED, KISSED, DENIED, MALFORMED, NOT_A_REQUEST, RATE_LIMITED }

    private final NtpServedClock clock;
    private final NtpAccessList access;
    private final NtpRateLimiter limiter;
    private final boolean kissOnRateLimit;
    private final long[] counts = new long[Outcome.values().length];

    /**
     * @param clock           the time served and what is said about it
     * @param access          who is answered
     * @param limiter         per-address rate limit, or null for none
     * @param kissOnRateLimit tell rate-limited clients with KoD RATE (at most once a second each)
     */
    public NtpServerHandler(NtpServedClock clock, NtpAccessList access, NtpRateLimiter limiter,
                            boolean kissOnRateLimit) {
        this.clock = clock;
        this.access = access;
        this.limiter = limiter;
        this.kissOnRateLimit = kissOnRateLimit;
    }

    /**
     * @param request   the datagram's bytes
     * @param length    how many of them arrived
     * @param receiveNs the served clock at its arrival (T2), ns since the Unix epoch
     * @param source    who sent it
     * @return the reply to send back, or empty for silence
     */
    public Optional<byte[]> handle(byte[] request, int length, long receiveNs, InetAddress source) {
        Outcome[] outcome = new Outcome[1];
        Optional<byte[]> reply = decide(request, length, receiveNs, source, outcome);
        synchronized (counts) {
            counts[outcome[0].ordinal()]++;
        }
        return reply;
    }

    private Optional<byte[]> decide(byte[] request, int length, long receiveNs, InetAddress source, Outcome[] outcome) {
        if (!access.permits(source)) {
            outcome[0] = Outcome.DENIED;
            return Optional.empty();
        }
        Optional<NtpPacket> decoded = NtpPacket.decode(request, length);
        if (decoded.isEmpty()) {
            outcome[0] = Outcome.MALFORMED;
            return Optional.empty();
        }
        NtpPacket req = decoded.get();
        if (req.mode() != NtpPacket.MODE_CLIENT) {
            outcome[0] = Outcome.NOT_A_REQUEST;
            return Optional.empty();
        }
        if (limiter != null && !limiter.tryAcquire(source, receiveNs)) {
            if (kissOnRateLimit && limiter.mayKiss(source, receiveNs)) {
                outcome[0] = Outcome.KISSED;
                NtpPacket kiss = new NtpPacket(NtpPacket.LEAP_UNSYNCHRONISED, req.version(), NtpPacket.MODE_SERVER, 0,
                        req.poll(), -20, 0, 0, NtpPacket.asciiReferenceId("RATE"), 0, req.transmitTs(), 0, 0);
                return Optional.of(kiss.encode());
            }
            outcome[0] = Outcome.RATE_LIMITED;
            return Optional.empty();
        }
        NtpServedClock.State st = clock.state();
        NtpPacket reply;
        if (st.synchronised()) {
            reply = new NtpPacket(st.leap(), req.version(), NtpPacket.MODE_SERVER, st.stratum(), clampPoll(req.poll()),
                    st.precisionLog2(), NtpTimestamp.nsToShort(st.rootDelayNs()),
                    NtpTimestamp.nsToShort(st.rootDispersionNs()), st.referenceId(),
                    NtpTimestamp.fromUnixNs(st.referenceTimeNs()), req.transmitTs(), NtpTimestamp.fromUnixNs(receiveNs),
                    0);
        } else {
            reply = new NtpPacket(NtpPacket.LEAP_UNSYNCHRONISED, req.version(), NtpPacket.MODE_SERVER,
                    NtpPacket.STRATUM_UNSYNCHRONISED, clampPoll(req.poll()), st.precisionLog2(), 0, 0, 0, 0,
                    req.transmitTs(), NtpTimestamp.fromUnixNs(receiveNs), 0);
        }
        byte[] bytes = reply.encode();
        NtpPacket.patchTransmit(bytes, NtpTimestamp.fromUnixNs(clock.nowNs()));
        outcome[0] = Outcome.REPLIED;
        return Optional.of(bytes);
    }

    private static int clampPoll(int poll) {
        return Math.max(-6, Math.min(17, poll));
    }

    public long count(Outcome outcome) {
        synchronized (counts) {
            return counts[outcome.ordinal()];
        }
    }
}
