package io.tidemark.recorder.capture;

/**
 * A known, non-repeating multichannel signal for capture tests. Channel 0 carries the frame index's
 * low 16 bits and channel 1 the next 16 (in the top bytes of each sample), so any captured frame tells
 * where it sits in the stream; the other channels and the lower bytes are a hash of (frame, channel).
 */
public final class TestSignal {

    private TestSignal() {
    }

    public static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** Writes frames {@code [first, first + frames)} interleaved, little-endian, into {@code out} at 0. */
    public static void fill(byte[] out, long first, int frames, int channels, int bytesPerSample) {
        int p = 0;
        for (int i = 0; i < frames; i++) {
            long frame = first + i;
            for (int ch = 0; ch < channels; ch++) {
                long h = mix(frame * 64 + ch);
                for (int k = 0; k < bytesPerSample; k++) {
                    out[p + k] = (byte) (h >>> (8 * k));
                }
                if (ch < 2) {
                    int word = (int) (ch == 0 ? frame & 0xFFFF : (frame >>> 16) & 0xFFFF);
                    out[p + bytesPerSample - 2] = (byte) word;
                    out[p + bytesPerSample - 1] = (byte) (word >>> 8);
                }
                p += bytesPerSample;
            }
        }
    }

    public static byte[] frames(long first, int frames, int channels, int bytesPerSample) {
        byte[] b = new byte[frames * channels * bytesPerSample];
        fill(b, first, frames, channels, bytesPerSample);
        return b;
    }

    /** The stream position a captured frame claims (from channels 0 and 1), valid below 2^32 frames. */
    public static long claimedIndex(byte[] data, int frameOffsetBytes, int bytesPerSample) {
        int lo = (data[frameOffsetBytes + bytesPerSample - 2] & 0xFF)
                | (data[frameOffsetBytes + bytesPerSample - 1] & 0xFF) << 8;
        int o = frameOffsetBytes + bytesPerSample;
        int hi = (data[o + bytesPerSample - 2] & 0xFF) | (data[o + bytesPerSample - 1] & 0xFF) << 8;
        return (long) hi << 16 | lo;
    }
}
