package io.tidemark.analysis.model;

import io.tidemark.sync.ntp.NtpSample;

/**
 * One NTP exchange re-expressed against CLOCK_MONOTONIC_RAW, so that it holds whatever the system
 * clock (CLOCK_REALTIME) was doing: at raw time {@code rawMidNs} (the midpoint of T1 and T4 on the
 * raw clock), UTC − raw = {@code offsetNs}, within ± {@code delayNs}/2 whatever the path asymmetry.
 *
 * @param server   the server it came from
 * @param rawMidNs CLOCK_MONOTONIC_RAW at the exchange's midpoint
 * @param offsetNs UTC minus CLOCK_MONOTONIC_RAW there
 * @param delayNs  round-trip delay less the server's hold time
 */
public record NtpPoint(String server, long rawMidNs, long offsetNs, long delayNs) {

    /** From a logged exchange: θ and δ of RFC 5905 with the raw-clock readings in place of T1 and T4. */
    public static NtpPoint from(NtpSample s) {
        long m1 = s.t1MonoRawNs();
        long m4 = s.t4MonoRawNs();
        long offset = NtpSample.offsetNs(m1, s.t2Ns(), s.t3Ns(), m4);
        long delay = NtpSample.delayNs(m1, s.t2Ns(), s.t3Ns(), m4);
        // θ refers to the midpoint of T1 and T4; on the raw clock that is m1 + (m4 - m1) / 2.
        return new NtpPoint(s.server(), m1 + (m4 - m1) / 2, offset, delay);
    }
}
