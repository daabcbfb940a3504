package io.tidemark.recorder.capture;

/**
 * What a {@link TimedCaptureDevice} knows about the buffer its last read returned.
 *
 * @param source             KERNEL when {@code arrivalMonoRawNs} holds the kernel's time, else READ_RETURN
 * @param arrivalMonoRawNs   CLOCK_MONOTONIC_RAW at the arrival of the buffer's last frame, by the kernel's
 *                           timestamps; meaningful only for KERNEL
 * @param fillFrames         frames captured and not yet read, right after the read (the device buffer's fill)
 * @param lostFramesMeasured frames lost before (or inside) this buffer in an overrun, measured from the
 *                           driver's timestamps before and after it; 0 when none
 */
public record BufferTiming(StampSource source, long arrivalMonoRawNs, long fillFrames, long lostFramesMeasured) {
}
