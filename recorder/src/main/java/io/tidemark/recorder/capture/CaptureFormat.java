package io.tidemark.recorder.capture;

/**
 * Interleaved signed little-endian PCM, as Java Sound delivers it and as WAV stores it.
 *
 * @param channels      1..64
 * @param sampleRateHz  44 100..192 000
 * @param bitsPerSample 16, 24 or 32
 */
public record CaptureFormat(int channels, int sampleRateHz, int bitsPerSample) {

    public CaptureFormat {
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channels must be 1..64, not " + channels);
        }
        if (sampleRateHz < 44_100 || sampleRateHz > 192_000) {
            throw new IllegalArgumentException("rate must be 44100..192000 Hz, not " + sampleRateHz);
        }
        if (bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new IllegalArgumentException("bits must be 16, 24 or 32, not " + bitsPerSample);
        }
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
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
        return channels + " ch, " + sampleRateHz + " Hz, " + bitsPerSample + "-bit";
    }
}
