package io.tidemark.recorder.capture;

/**
 * Interleaved little-endian samples as the session receives them from a device and as WAV stores
 * them: signed integer PCM (24-bit packed in 3 bytes) or 32-bit IEEE float.
 *
 * @param channels     1..64
 * @param sampleRateHz 1 000..192 000: what the codec and the simulated device handle. A capture device's range,
 *                     44 100..192 000, is checked where the user asks for one ({@link CaptureFormats#require}, the
 *                     record and station configs); the simulated device may go lower, so that a test can record a
 *                     literal simulated week of files.
 * @param encoding     the sample coding; {@link SampleEncoding#S24} is stored as 24-bit packed
 */
public record CaptureFormat(int channels, int sampleRateHz, SampleEncoding encoding) {

    public CaptureFormat {
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channels must be 1..64, not " + channels);
        }
        if (sampleRateHz < 1_000 || sampleRateHz > 192_000) {
            throw new IllegalArgumentException("rate must be 1000..192000 Hz, not " + sampleRateHz);
        }
        if (encoding == null) {
            throw new IllegalArgumentException("no sample encoding");
        }
    }

    /** Integer PCM of {@code bitsPerSample} 16, 24 (packed) or 32 bits. */
    public CaptureFormat(int channels, int sampleRateHz, int bitsPerSample) {
        this(channels, sampleRateHz, SampleEncoding.integerPcm(bitsPerSample));
    }

    /** Bits per stored sample: 16, 24 or 32 (32 for float). */
    public int bitsPerSample() {
        return encoding.bitsPerSample;
    }

    public boolean isFloat() {
        return encoding.isFloat;
    }

    public int bytesPerSample() {
        return encoding.bitsPerSample / 8;
    }

    public int bytesPerFrame() {
        return channels * bytesPerSample();
    }

    /** Frames in {@code durationNs}, rounded to nearest. */
    public long framesIn(long durationNs) {
        return Math.round(durationNs * (double) sampleRateHz / 1e9);
    }

    @Override
    public String toString() {
        return channels + " ch, " + sampleRateHz + " Hz, " + (isFloat() ? "32-bit float" : bitsPerSample() + "-bit");
    }
}
