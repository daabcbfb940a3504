package io.tidemark.analysis.marks;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** libltc (x42, Debian package libltc11) through JNA: a real LTC encoder, and the reference decoder. */
final class LibLtc {

    private static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/libltc.so.11";
    static final int LTC_TV_525_60 = 0;
    static final int LTC_TV_625_50 = 1;
    private static final int LTC_USE_DATE = 1;
    /** sizeof(LTCFrameExt) and offsetof(LTCFrameExt, off_start) for libltc 1.3 on x86-64 (ltc.h). */
    private static final int FRAME_EXT_BYTES = 368;
    private static final int OFF_START = 16;
    /** struct SMPTETimecode: char timezone[6]; years, months, days, hours, mins, secs, frame (unsigned char). */
    private static final int TIMECODE_BYTES = 13;

    /** The libltc calls used, as declared in ltc.h (size_t and ltc_off_t are 64-bit here). */
    public interface Calls extends Library {
        Pointer ltc_encoder_create(double sampleRate, double fps, int standard, int flags);

        void ltc_encoder_free(Pointer encoder);

        void ltc_encoder_set_timecode(Pointer encoder, Pointer timecode);

        void ltc_encoder_get_timecode(Pointer encoder, Pointer timecode);

        void ltc_encoder_encode_frame(Pointer encoder);

        int ltc_encoder_get_buffer(Pointer encoder, byte[] buffer);

        int ltc_encoder_inc_timecode(Pointer encoder);

        long ltc_encoder_get_buffersize(Pointer encoder);

        Pointer ltc_decoder_create(int audioFramesPerVideoFrame, int queueSize);

        int ltc_decoder_free(Pointer decoder);

        void ltc_decoder_write(Pointer decoder, byte[] buffer, long size, long position);

        int ltc_decoder_read(Pointer decoder, Pointer frame);

        void ltc_frame_to_time(Pointer timecode, Pointer frame, int flags);
    }

    /**
     * An encoded stream: unsigned 8-bit samples (128 = zero) and, per frame, the sample its buffer
     * starts at and the label the encoder held for it.
     */
    record Encoded(byte[] u8, List<Integer> startsSamples, List<LtcTimecode> labels) {
    }

    /** A frame libltc's decoder reported: its whole-sample off_start and its label. */
    record Decoded(long offStartSamples, LtcTimecode label) {
    }

    private final Calls calls;

    private LibLtc(Calls calls) {
        this.calls = calls;
    }

    /** Loads libltc; a missing library fails the test, saying how to install it. */
    static LibLtc load() {
        if (!Files.exists(Path.of(LIBRARY))) {
            fail(LIBRARY + " is missing: install the Debian package libltc11 (./run-tests installs it)");
        }
        return new LibLtc(Native.load(LIBRARY, Calls.class));
    }

    /** {@code frames} frames with date and zone from the given label, at {@code rateHz}. */
    Encoded encode(int rateHz, double fps, int standard, String zone, LocalDate date, int hours, int minutes, int seconds,
                   int frames, LtcFrameRate rate) {
        Pointer encoder = calls.ltc_encoder_create(rateHz, fps, standard, LTC_USE_DATE);
        assertNotNull(encoder, "ltc_encoder_create");
        Memory timecode = new Memory(TIMECODE_BYTES);
        timecode.clear();
        byte[] zoneBytes = zone.getBytes(StandardCharsets.US_ASCII);
        timecode.write(0, zoneBytes, 0, zoneBytes.length);
        timecode.setByte(6, (byte) (date.getYear() % 100));
        timecode.setByte(7, (byte) date.getMonthValue());
        timecode.setByte(8, (byte) date.getDayOfMonth());
        timecode.setByte(9, (byte) hours);
        timecode.setByte(10, (byte) minutes);
        timecode.setByte(11, (byte) seconds);
        calls.ltc_encoder_set_timecode(encoder, timecode);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] buffer = new byte[(int) calls.ltc_encoder_get_buffersize(encoder)];
        List<Integer> starts = new ArrayList<>();
        List<LtcTimecode> labels = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            calls.ltc_encoder_get_timecode(encoder, timecode);
            labels.add(label(timecode.getByteArray(0, TIMECODE_BYTES), rate));
            starts.add(stream.size());
            calls.ltc_encoder_encode_frame(encoder);
            int n = calls.ltc_encoder_get_buffer(encoder, buffer);
            stream.write(buffer, 0, n);
            calls.ltc_encoder_inc_timecode(encoder);
        }
        calls.ltc_encoder_free(encoder);
        return new Encoded(stream.toByteArray(), List.copyOf(starts), List.copyOf(labels));
    }

    /** libltc's decoder over the stream, fed in blocks of 1024 samples as from a recorder. */
    List<Decoded> decode(byte[] u8, double fps, int rateHz, LtcFrameRate rate) {
        Pointer decoder = calls.ltc_decoder_create((int) Math.round(rateHz / fps), 64);
        Memory frameExt = new Memory(FRAME_EXT_BYTES);
        Memory timecode = new Memory(TIMECODE_BYTES);
        List<Decoded> out = new ArrayList<>();
        int block = 1024;
        for (int at = 0; at < u8.length; at += block) {
            int n = Math.min(block, u8.length - at);
            calls.ltc_decoder_write(decoder, Arrays.copyOfRange(u8, at, at + n), n, at);
            while (calls.ltc_decoder_read(decoder, frameExt) > 0) {
                calls.ltc_frame_to_time(timecode, frameExt, LTC_USE_DATE);
                out.add(new Decoded(frameExt.getLong(OFF_START), label(timecode.getByteArray(0, TIMECODE_BYTES), rate)));
            }
        }
        calls.ltc_decoder_free(decoder);
        return out;
    }

    /** An SMPTETimecode as our label type. */
    private static LtcTimecode label(byte[] t, LtcFrameRate rate) {
        String zone = new String(t, 0, 5, StandardCharsets.US_ASCII);
        ZoneOffset offset = ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3));
        return new LtcTimecode(t[9], t[10], t[11], t[12], rate == LtcFrameRate.FPS_29_97,
                LocalDate.of(2000 + t[6], t[7], t[8]), offset);
    }
}
