package io.tidemark.sync.ntp;

/**
 * One NTP exchange as the client saw it, kept whether or not the filter accepted it, so that
 * analysis can redo the filtering. T1 and T4 are CLOCK_REALTIME; the raw-clock readings taken with
 * them let analysis map CLOCK_MONOTONIC_RAW to UTC even when CLOCK_REALTIME was disciplined.
 *
 * @param server       "host:port" as configured
 * @param t1Ns         client transmit, CLOCK_REALTIME
 * @param t2Ns         server receive, server time
 * @param t3Ns         server transmit, server time
 * @param t4Ns         client receive, CLOCK_REALTIME
 * @param t1MonoRawNs  CLOCK_MONOTONIC_RAW at T1
 * @param t4MonoRawNs  CLOCK_MONOTONIC_RAW at T4
 * @param stratum      server stratum
 * @param refId        reference ID as text (IPv4 dotted quad or ASCII code)
 * @param leap         leap indicator 0..3
 * @param offsetNs     θ = ((T2 − T1) + (T3 − T4)) / 2: UTC minus CLOCK_REALTIME
 * @param delayNs      δ = (T4 − T1) − (T3 − T2)
 * @param accepted     whether the client's filter used it
 * @param rejectReason why not, or null
 */
public record NtpSample(String server, long t1Ns, long t2Ns, long t3Ns, long t4Ns, long t1MonoRawNs,
                        long t4MonoRawNs, int stratum, String refId, int leap, long offsetNs, long delayNs,
                        boolean accepted, String rejectReason) {

    /** Offset and delay from the four timestamps, by RFC 5905's formulas, in exact integer ns. */
    public static long offsetNs(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        return Math.floorDiv((t2Ns - t1Ns) + (t3Ns - t4Ns), 2);
    }

    public static long delayNs(long t1Ns, long t2Ns, long t3Ns, long t4Ns) {
        return (t4Ns - t1Ns) - (t3Ns - t2Ns);
    }
}
