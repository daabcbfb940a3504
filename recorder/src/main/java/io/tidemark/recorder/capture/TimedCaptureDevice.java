package io.tidemark.recorder.capture;

/**
 * A capture device that times its buffers itself (ALSA: from the kernel's timestamps) and measures
 * the audio an overrun lost. The session asks it after every read; devices without this interface
 * are stamped when their read returns, at no extra cost.
 */
public interface TimedCaptureDevice extends CaptureDevice {

    /** How the buffer the last {@link #read} returned was timed; valid until the next read. */
    BufferTiming lastTiming();
}
