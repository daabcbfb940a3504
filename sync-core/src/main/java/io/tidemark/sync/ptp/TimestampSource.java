package io.tidemark.sync.ptp;

/** Where a packet's receive (or send) time came from. Reported, because it bounds the precision. */
public enum TimestampSource {
    /** The kernel stamped the packet as it arrived (SO_TIMESTAMPNS) or left (SO_TIMESTAMPING TX_SOFTWARE), in software. */
    KERNEL_SOFTWARE,
    /** We read the clock after recvmsg returned (or just before sendto): scheduling latency included. */
    USER_SPACE,
    /** A simulated network: exact. */
    SIMULATED
}
