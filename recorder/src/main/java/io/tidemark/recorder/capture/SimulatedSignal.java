package io.tidemark.recorder.capture;

import java.util.SplittableRandom;

/**
 * The audio a simulated device produces, as a function of its frame counter: a precomputed table of
 * one tenth of a second (tones are multiples of 10 Hz, so it repeats seamlessly) copied into each
 * buffer, with the last channel silent except for the clicks placed on it. Copying a table keeps
 * generation at memcpy speed: no per-sample arithmetic on the capture path.
 *
 * <p>In 32-bit float the first channel's tone swings to ±2.0 (+6 dBFS), as a call right next to a
 * microphone does: the headroom float recording exists for, which no stage may clip.
 */
final class SimulatedSignal {

    private final CaptureFormat format;
    private final int periodFrames;
    private final byte[] table;
    private final byte[] click;
    /** Peak of the first channel's tone in float: +6 dBFS. */
    static final double FLOAT_PEAK = 2.0;

    SimulatedSignal(CaptureFormat format, SimulatedDeviceConfig.Signal signal, long seed) {
        this.format = format;
        this.periodFrames = format.sampleRateHz() / 10;
        int channels = format.channels();
        int bytes = format.bytesPerSample();
        boolean isFloat = format.isFloat();
        long fullScale = isFloat ? 0 : fullScale(format.bitsPerSample());
        this.table = new byte[periodFrames * format.bytesPerFrame()];
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        int sineLength = format.sampleRateHz();
        for (int ch = 0; ch < channels - 1; ch++) {
            int toneHz = 100 * (ch + 1);
            for (int i = 0; i < periodFrames; i++) {
                double x;
                if (signal == SimulatedDeviceConfig.Signal.TONES) {
                    long phase = ((long) i * toneHz) % sineLength;
                    double amplitude = isFloat && ch == 0 ? FLOAT_PEAK : 0.01;
                    x = amplitude * Math.sin(2 * Math.PI * phase / sineLength);
                } else {
                    x = 0.001 * (2 * random.nextDouble() - 1);
                }
                put(table, (i * channels + ch) * bytes, bytes,
                        isFloat ? Float.floatToRawIntBits((float) x) : Math.round(x * fullScale));
            }
        }
        this.click = new byte[bytes];
        put(click, 0, bytes, isFloat ? Float.floatToRawIntBits(1.0f) : fullScale);
    }

    static long fullScale(int bitsPerSample) {
        return (1L << (bitsPerSample - 1)) - 1;
    }

    private static void put(byte[] b, int off, int bytes, long value) {
        for (int k = 0; k < bytes; k++) {
            b[off + k] = (byte) (value >>> (8 * k));
        }
    }

    /** Writes device frames {@code [firstDeviceFrame, firstDeviceFrame + frames)} into {@code buffer}. */
    void fill(byte[] buffer, long firstDeviceFrame, int frames) {
        int bpf = format.bytesPerFrame();
        int pos = (int) Math.floorMod(firstDeviceFrame, (long) periodFrames);
        int done = 0;
        while (done < frames) {
            int n = Math.min(frames - done, periodFrames - pos);
            System.arraycopy(table, pos * bpf, buffer, done * bpf, n * bpf);
            done += n;
            pos = 0;
        }
    }

    /**
     * Overwrites channel {@code channel} (0-based) of frames {@code [at, at + frames)} of the buffer: zeros for
     * silence, or a square wave at full scale (+FS, -FS-1 in integer PCM; ±1.0 in float) that every level meter
     * counts as clipped.
     */
    void overwrite(byte[] buffer, int at, int frames, int channel, boolean clip) {
        int bytes = format.bytesPerSample();
        long high = format.isFloat() ? Float.floatToRawIntBits(1.0f) : fullScale(format.bitsPerSample());
        long low = format.isFloat() ? Float.floatToRawIntBits(-1.0f) : -fullScale(format.bitsPerSample()) - 1;
        for (int f = at; f < at + frames; f++) {
            put(buffer, f * format.bytesPerFrame() + channel * bytes, bytes, clip ? ((f & 1) == 0 ? high : low) : 0);
        }
    }

    /** Puts a full-scale one-sample click on the last channel of frame {@code frameInBuffer}. */
    void click(byte[] buffer, int frameInBuffer) {
        int off = frameInBuffer * format.bytesPerFrame() + (format.channels() - 1) * format.bytesPerSample();
        System.arraycopy(click, 0, buffer, off, click.length);
    }

    /** Writes {@code values[0..frames)} over channel {@code channel} (0-based) of the buffer's frames, clipped to full scale. */
    void putChannel(byte[] buffer, int channel, float[] values, int frames) {
        int bytes = format.bytesPerSample();
        boolean isFloat = format.isFloat();
        long fullScale = isFloat ? 0 : fullScale(format.bitsPerSample());
        for (int i = 0; i < frames; i++) {
            int off = i * format.bytesPerFrame() + channel * bytes;
            double x = values[i];
            long v = isFloat ? Float.floatToRawIntBits(values[i])
                    : Math.round(Math.max(-1.0, Math.min(1.0, x)) * fullScale);
            put(buffer, off, bytes, v);
        }
    }
}
