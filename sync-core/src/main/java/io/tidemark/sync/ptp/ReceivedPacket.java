package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.ClockReading;

/**
 * One datagram as a PTP socket received it.
 *
 * @param data      the payload (owned by the receiver)
 * @param length    bytes valid in {@code data}
 * @param eventPort true for UDP 319 (Sync, Delay_Req), false for 320
 * @param rxTime    CLOCK_REALTIME and CLOCK_MONOTONIC_RAW at arrival
 * @param source    how {@code rxTime} was taken
 */
public record ReceivedPacket(byte[] data, int length, boolean eventPort, ClockReading rxTime, TimestampSource source) {
}
