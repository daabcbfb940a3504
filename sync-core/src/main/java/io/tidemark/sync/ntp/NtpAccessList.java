package io.tidemark.sync.ntp;

import java.net.InetAddress;
import java.util.List;

/** Who the server answers: nobody but loopback (if allowed) and the configured blocks. Default deny. */
public record NtpAccessList(boolean allowLoopback, List<CidrRange> allowed) {

    public NtpAccessList {
        allowed = List.copyOf(allowed);
    }

    /** Loopback and the given blocks. */
    public static NtpAccessList loopbackAnd(List<CidrRange> allowed) {
        return new NtpAccessList(true, allowed);
    }

    public boolean permits(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (allowLoopback && address.isLoopbackAddress()) {
            return true;
        }
        for (CidrRange r : allowed) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
