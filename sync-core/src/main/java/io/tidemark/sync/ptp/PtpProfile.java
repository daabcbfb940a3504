package io.tidemark.sync.ptp;

/** Which PTP a port follows: Dante's PTPv1, AES67's PTPv2 (default profile, domain 0), or either. */
public enum PtpProfile {
    DANTE(PtpVersion.V1), AES67(PtpVersion.V2), ANY(null);

    private final PtpVersion version;

    PtpProfile(PtpVersion version) {
        this.version = version;
    }

    public boolean accepts(PtpVersion v) {
        return version == null || version == v;
    }
}
