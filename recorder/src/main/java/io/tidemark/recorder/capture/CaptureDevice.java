package io.tidemark.recorder.capture;

/**
 * An open audio input. {@link #read} blocks until a whole buffer has arrived and returns as soon as
 * it has, so that the caller's clock read right after it is the buffer's arrival time.
 *
 * <p>The simulated device in simulated time advances the simulated world's timeline inside
 * {@code read} to the instant the buffer would have arrived; the caller then reads the simulated
 * clocks exactly as it would read the real ones.
 */
public interface CaptureDevice extends AutoCloseable {

    /** The device's name as listed by {@code tidemark devices}. */
    String name();

    CaptureFormat format();

    /**
     * Reads exactly {@code frames} frames into {@code buffer} (from offset 0), blocking until they
     * are there. Returns the frames read: {@code frames}, or fewer only at a simulated end of input.
     *
     * @throws DeviceLostException when the device went away (unplugged, stream died)
     */
    int read(byte[] buffer, int frames) throws DeviceLostException;

    /**
     * True if audio was lost since the last call (an overrun: the device's buffer filled up before
     * it was read). Clears the flag.
     */
    boolean takeOverrun();

    @Override
    void close();
}
