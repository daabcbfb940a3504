package io.tidemark.recorder.capture;

/**
 * What a {@link TimedCaptureDevice} knows about the buffer its last read returned.
 *
 * @param source             how {@code arrivalMonoRawNs} was found
 * @param arrivalMonoRawNs   CLOCK_MONOTONIC_RAW at the arrival of the buffer's last frame (plus a
 *                           non-negative latency); not used for READ_RETURN, where the session's own
 *                           clock read stands
 * @param fillFrames         frames captured and not yet read, right after the read (the device buffer's fill)
 * @param lostFramesMeasured frames lost before (or inside) this buffer in an overrun, measured from the
 *                           driver's timestamps before and after it; 0 when none
 */
public record BufferTiming(StampSource source, long arrivalMonoRawNs, long fillFrames, long lostFramesMeasured) {
}
