package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SampleEncoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The {@code fmt } chunk of integer PCM or IEEE float. Plain WAVE_FORMAT_PCM for up to two channels of
 * 16-bit; WAVE_FORMAT_EXTENSIBLE otherwise, as Microsoft asks for more than two channels or more than
 * 16 bits, with the PCM or the IEEE-float sub-format. Tidemark writes float always as extensible;
 * it reads plain WAVE_FORMAT_IEEE_FLOAT (3) too.
 *
 * @param formatTag     1 (PCM), 3 (IEEE float) or 0xFFFE (extensible)
 * @param isFloat       samples are 32-bit IEEE float (tag 3, or extensible with the float sub-format)
 * @param channelMask   speaker positions. The channels of a microphone array are not loudspeaker
 *                      feeds, but a zero mask draws warnings (libsndfile), so Tidemark names ring-like
 *                      layouts that never include LFE: no player may low-pass a microphone.
 */
public record WaveFormat(int formatTag, int channels, int sampleRateHz, int bitsPerSample,
                         int validBitsPerSample, long channelMask, boolean isFloat) {

    public static final int WAVE_FORMAT_PCM = 0x0001;
    public static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    public static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored (little-endian first fields). */
    private static final byte[] SUBTYPE_PCM = {
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
            (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    /** KSDATAFORMAT_SUBTYPE_IEEE_FLOAT, 00000003-0000-0010-8000-00aa00389b71. */
    private static final byte[] SUBTYPE_IEEE_FLOAT = {
            0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
            (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    /** Masks for 1..8 channels: mono, stereo, 3.0, quad, 5.0, hexagonal, 7.0, octagonal (no LFE). */
    private static final long[] MASKS = {0x4, 0x3, 0x7, 0x33, 0x37, 0x137, 0x637, 0x737};
    private static final long SPEAKER_LFE = 0x8;
    private static final int SPEAKER_BITS = 18;

    public static WaveFormat of(CaptureFormat f) {
        boolean extensible = f.channels() > 2 || f.bitsPerSample() > 16;
        return new WaveFormat(extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_PCM, f.channels(),
                f.sampleRateHz(), f.bitsPerSample(), f.bitsPerSample(), extensible ? channelMask(f.channels()) : 0,
                f.isFloat());
    }

    /** Octagonal plus further speaker bits (never LFE) for more than 8 channels, up to the 17 there are. */
    static long channelMask(int channels) {
        if (channels <= MASKS.length) {
            return MASKS[channels - 1];
        }
        long mask = MASKS[MASKS.length - 1];
        for (int bit = 0; bit < SPEAKER_BITS && Long.bitCount(mask) < channels; bit++) {
            long b = 1L << bit;
            if (b != SPEAKER_LFE) {
                mask |= b;
            }
        }
        return mask;
    }

    public int blockAlign() {
        return channels * (bitsPerSample / 8);
    }

    public long byteRate() {
        return (long) sampleRateHz * blockAlign();
    }

    public boolean extensible() {
        return formatTag == WAVE_FORMAT_EXTENSIBLE;
    }

    /** Chunk body size: 16 for PCM, 40 for extensible. */
    public int bodySize() {
        return extensible() ? 40 : 16;
    }

    public CaptureFormat captureFormat() {
        return isFloat ? new CaptureFormat(channels, sampleRateHz, SampleEncoding.F32)
                : new CaptureFormat(channels, sampleRateHz, bitsPerSample);
    }

    /** Writes the chunk body (no chunk header) at the buffer's position. */
    public void writeBody(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) formatTag);
        out.putShort((short) channels);
        out.putInt(sampleRateHz);
        out.putInt((int) byteRate());
        out.putShort((short) blockAlign());
        out.putShort((short) bitsPerSample);
        if (extensible()) {
            out.putShort((short) 22);
            out.putShort((short) validBitsPerSample);
            out.putInt((int) channelMask);
            out.put(isFloat ? SUBTYPE_IEEE_FLOAT : SUBTYPE_PCM);
        }
    }

    /** Parses a chunk body; integer PCM of 16, 24 or 32 bits and 32-bit IEEE float are accepted. */
    public static WaveFormat parse(Path file, ByteBuffer body) {
        body.order(ByteOrder.LITTLE_ENDIAN);
        if (body.remaining() < 16) {
            throw new BwfFormatException(file, "fmt chunk is " + body.remaining() + " bytes, shorter than 16");
        }
        int tag = Short.toUnsignedInt(body.getShort());
        int channels = Short.toUnsignedInt(body.getShort());
        long rate = Integer.toUnsignedLong(body.getInt());
        body.getInt(); // byte rate: derived
        int blockAlign = Short.toUnsignedInt(body.getShort());
        int bits = Short.toUnsignedInt(body.getShort());
        int validBits = bits;
        long mask = 0;
        boolean isFloat = tag == WAVE_FORMAT_IEEE_FLOAT;
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (body.remaining() < 24) {
                throw new BwfFormatException(file, "extensible fmt chunk is too short");
            }
            body.getShort();
            validBits = Short.toUnsignedInt(body.getShort());
            mask = Integer.toUnsignedLong(body.getInt());
            byte[] guid = new byte[16];
            body.get(guid);
            isFloat = java.util.Arrays.equals(guid, SUBTYPE_IEEE_FLOAT);
            if (!isFloat && !java.util.Arrays.equals(guid, SUBTYPE_PCM)) {
                throw new BwfFormatException(file, "audio is neither integer PCM nor IEEE float (extensible sub-format)");
            }
        } else if (tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_IEEE_FLOAT) {
            throw new BwfFormatException(file, String.format("audio format 0x%04X is neither integer PCM nor IEEE float", tag));
        }
        if (channels < 1 || channels > 64) {
            throw new BwfFormatException(file, "fmt says " + channels + " channels; 1..64 are supported");
        }
        if (bits != 16 && bits != 24 && bits != 32) {
            throw new BwfFormatException(file, "fmt says " + bits + " bits per sample; 16, 24 or 32 are supported");
        }
        if (isFloat && bits != 32) {
            throw new BwfFormatException(file, "fmt says " + bits + "-bit float; only 32-bit float is supported");
        }
        if (rate < 1 || rate > 1_000_000) {
            throw new BwfFormatException(file, "fmt says a rate of " + rate + " Hz");
        }
        if (blockAlign != channels * bits / 8) {
            throw new BwfFormatException(file, "fmt block align " + blockAlign + " does not match "
                    + channels + " channels of " + bits + " bits");
        }
        return new WaveFormat(tag, channels, (int) rate, bits, validBits, mask, isFloat);
    }
}
