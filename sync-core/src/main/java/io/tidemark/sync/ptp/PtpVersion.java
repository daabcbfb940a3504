package io.tidemark.sync.ptp;

/**
 * Tells PTPv1 and PTPv2 apart. They share one multicast group and port numbers; a v1 packet starts
 * with the u16 versionPTP = 1, a v2 packet carries versionPTP = 2 in the low nibble of byte 1
 * (byte 0 is its messageType). The two tests exclude each other, so no packet is parsed as the other.
 */
public enum PtpVersion {
    V1(1), V2(2), UNKNOWN(0);

    private final int number;

    PtpVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static PtpVersion classify(byte[] buf, int length) {
        if (length >= PtpV1Codec.HEADER_LENGTH && buf[0] == 0 && buf[1] == 1) {
            return V1;
        }
        if (length >= PtpV2Codec.HEADER_LENGTH && (buf[1] & 0x0F) == 2) {
            return V2;
        }
        return UNKNOWN;
    }
}
