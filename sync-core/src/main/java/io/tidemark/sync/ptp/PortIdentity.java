package io.tidemark.sync.ptp;

/** A PTP port: its clock's identity and the port number (v1 sourcePortId, v2 portNumber). */
public record PortIdentity(ClockIdentity clock, int port) {
    @Override
    public String toString() {
        return clock + "-" + port;
    }
}
