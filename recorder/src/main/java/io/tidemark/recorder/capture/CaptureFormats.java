package io.tidemark.recorder.capture;


import javax.sound.sampled.AudioFormat;

/** Turns what the user asked for into a {@link CaptureFormat}, or a one-line {@link CaptureException}. */
public final class CaptureFormats {

    private CaptureFormats() {
    }

    /** The format, or a CaptureException naming which of channels, rate or bits is out of range. */
    public static CaptureFormat require(int channels, int sampleRateHz, int bitsPerSample) {
        if (channels < 1 || channels > 64) {
            throw new CaptureException("unsupported format: " + channels + " channels",
                    "use --channels between 1 and 64");
        }
        if (sampleRateHz < 44_100 || sampleRateHz > 192_000) {
            throw new CaptureException("unsupported format: " + sampleRateHz + " Hz",
                    "use --rate between 44100 and 192000 (e.g. 48000)");
        }
        if (bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new CaptureException("unsupported format: " + bitsPerSample + "-bit samples",
                    "use --bits 16, 24 or 32");
        }
        return new CaptureFormat(channels, sampleRateHz, bitsPerSample);
    }

    /** The format with {@code encoding} (what {@code --format} chose), or a one-line CaptureException. */
    public static CaptureFormat require(int channels, int sampleRateHz, SampleEncoding encoding) {
        return new CaptureFormat(require(channels, sampleRateHz, encoding.bitsPerSample).channels(), sampleRateHz,
                encoding);
    }

    /** Java Sound's description of the format: signed or float, little-endian, packed (3 bytes for 24-bit). */
    public static AudioFormat toAudioFormat(CaptureFormat f) {
        return new AudioFormat(f.isFloat() ? AudioFormat.Encoding.PCM_FLOAT : AudioFormat.Encoding.PCM_SIGNED, f.sampleRateHz(), f.bitsPerSample(), f.channels(),
                f.bytesPerFrame(), f.sampleRateHz(), false);
    }
}
