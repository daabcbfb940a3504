package io.tidemark.recorder.capture;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How one sample is coded, on the device and in the files. Little-endian throughout. The device may
 * hold a sample in a wider container than the file: S24 (ALSA's S24_LE, 24 bits in the low three
 * bytes of four) is delivered by the device to the session already packed into three bytes, so it
 * is stored exactly like S24_3 (24-bit packed PCM): the fourth byte carries no information.
 */
public enum SampleEncoding {
    /** 32-bit IEEE float; values beyond ±1.0 (above 0 dBFS) are kept. */
    F32("f32", "FLOAT_LE", 32, 4, true),
    S32("s32", "S32_LE", 32, 4, false),
    /** 24-bit in a 4-byte container on the device, packed to 3 bytes for the session and the files. */
    S24("s24", "S24_LE", 24, 4, false),
    S24_3("s24_3", "S24_3LE", 24, 3, false),
    S16("s16", "S16_LE", 16, 2, false);

    /** The name users type ({@code --format f32}). */
    public final String cliName;
    /** ALSA's name for it ({@code snd_pcm_format_name}). */
    public final String alsaName;
    /** Bits per stored sample (what the WAV's fmt says). */
    public final int bitsPerSample;
    /** Bytes per sample as the device delivers it: more than stored for S24. */
    public final int deviceBytesPerSample;
    public final boolean isFloat;

    SampleEncoding(String cliName, String alsaName, int bitsPerSample, int deviceBytesPerSample, boolean isFloat) {
        this.cliName = cliName;
        this.alsaName = alsaName;
        this.bitsPerSample = bitsPerSample;
        this.deviceBytesPerSample = deviceBytesPerSample;
        this.isFloat = isFloat;
    }

    /** Integer PCM of 16, 24 (packed) or 32 bits: what {@code --bits} means. */
    public static SampleEncoding integerPcm(int bitsPerSample) {
        return switch (bitsPerSample) {
            case 16 -> S16;
            case 24 -> S24_3;
            case 32 -> S32;
            default -> throw new IllegalArgumentException("bits must be 16, 24 or 32, not " + bitsPerSample);
        };
    }

    /** The encoding named {@code f32}, {@code s32}, {@code s24}, {@code s24_3} or {@code s16}, or a one-line error. */
    public static SampleEncoding parse(String cliName) {
        for (SampleEncoding e : values()) {
            if (e.cliName.equalsIgnoreCase(cliName)) {
                return e;
            }
        }
        throw new CaptureException("unknown sample format '" + cliName + "'", "use --format " + cliNames());
    }

    static String cliNames() {
        return Arrays.stream(values()).map(e -> e.cliName).collect(Collectors.joining("|"));
    }
}
