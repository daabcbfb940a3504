package io.tidemark.recorder.capture;

/**
 * Opens a capture device; called again to reopen it after {@link DeviceLostException}. A simulated
 * device's opener reconnects the same simulated hardware, whose clock kept running meanwhile.
 */
@FunctionalInterface
public interface DeviceOpener {
    CaptureDevice open() throws DeviceLostException;
}
