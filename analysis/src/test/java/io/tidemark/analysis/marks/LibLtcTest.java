package io.tidemark.analysis.marks;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * LTC from a real encoder: libltc (x42, Debian package libltc11) encodes it with date and zone, our
 * decoder reads every frame, and our frame starts agree with libltc's own decoder.
 */
class LibLtcTest {

    private static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/libltc.so.11";
    private static final int RATE_HZ = 48_000;
    private static final int LTC_TV_525_60 = 0;
    private static final int LTC_TV_625_50 = 1;
    private static final int LTC_USE_DATE = 1;
    /** sizeof(LTCFrameExt) and offsetof(LTCFrameExt, off_start) for libltc 1.3 on x86-64 (ltc.h). */
    private static final int FRAME_EXT_BYTES = 368;
    private static final int OFF_START = 16;
    /** struct SMPTETimecode: char timezone[6]; years, months, days, hours, mins, secs, frame (unsigned char). */
    private static final int TIMECODE_BYTES = 13;

    /** The libltc calls the test uses, as declared in ltc.h (size_t and ltc_off_t are 64-bit here). */
    public interface LibLtc extends Library {
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

    private static LibLtc library() {
        if (!Files.exists(Path.of(LIBRARY))) {
            fail(LIBRARY + " is missing: install the Debian package libltc11 (./run-tests installs it)");
        }
        return Native.load(LIBRARY, LibLtc.class);
    }

    @Test
    void libltcAt25FpsWithDateAcrossMidnight() {
        check(25, LTC_TV_625_50, "+0000", LocalDate.of(2026, 12, 4), 23, 59, 0, 3000, LtcFrameRate.FPS_25);
    }

    @Test
    void libltcAt2997DropFrameWithDateAndZone() {
        check(30000.0 / 1001, LTC_TV_525_60, "+0100", LocalDate.of(2026, 12, 4), 10, 9, 50, 3600, LtcFrameRate.FPS_29_97);
    }

    private static void check(double fps, int standard, String zone, LocalDate date, int hours, int minutes, int seconds,
                              int frames, LtcFrameRate rate) {
        LibLtc ltc = library();
        Pointer encoder = ltc.ltc_encoder_create(RATE_HZ, fps, standard, LTC_USE_DATE);
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
        timecode.setByte(12, (byte) 0);
        ltc.ltc_encoder_set_timecode(encoder, timecode);

        // A lead-in and a lead-out frame: the first frame's start and the last one's end are marked
        // only by the frames around it.
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] buffer = new byte[(int) ltc.ltc_encoder_get_buffersize(encoder)];
        List<byte[]> encodedLabels = new ArrayList<>();
        List<Integer> encodedStarts = new ArrayList<>();
        for (int f = 0; f < frames + 2; f++) {
            ltc.ltc_encoder_get_timecode(encoder, timecode);
            encodedLabels.add(timecode.getByteArray(0, TIMECODE_BYTES));
            encodedStarts.add(stream.size());
            ltc.ltc_encoder_encode_frame(encoder);
            int n = ltc.ltc_encoder_get_buffer(encoder, buffer);
            stream.write(buffer, 0, n);
            ltc.ltc_encoder_inc_timecode(encoder);
        }
        ltc.ltc_encoder_free(encoder);
        byte[] u8 = stream.toByteArray();

        // libltc's own decoder, fed in blocks as from a recorder
        Pointer decoder = ltc.ltc_decoder_create((int) Math.round(RATE_HZ / fps), 64);
        Memory frameExt = new Memory(FRAME_EXT_BYTES);
        Memory decoded = new Memory(TIMECODE_BYTES);
        List<long[]> libltcStarts = new ArrayList<>();
        List<byte[]> libltcLabels = new ArrayList<>();
        int block = 1024;
        for (int at = 0; at < u8.length; at += block) {
            int n = Math.min(block, u8.length - at);
            byte[] chunk = java.util.Arrays.copyOfRange(u8, at, at + n);
            ltc.ltc_decoder_write(decoder, chunk, n, at);
            while (ltc.ltc_decoder_read(decoder, frameExt) > 0) {
                ltc.ltc_frame_to_time(decoded, frameExt, LTC_USE_DATE);
                libltcStarts.add(new long[] {frameExt.getLong(OFF_START)});
                libltcLabels.add(decoded.getByteArray(0, TIMECODE_BYTES));
            }
        }
        ltc.ltc_decoder_free(decoder);

        float[] samples = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            samples[i] = ((u8[i] & 0xFF) - 128) / 128f;
        }
        long dayStartNs = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
        LtcDecoding ours = LtcDecoder.decode(samples, RATE_HZ, 0, k -> dayStartNs + 43_200_000_000_000L);
        assertEquals(rate, ours.frameRate());
        assertEquals(0, ours.rejectedFrames());

        // Every frame between the lead-in and the lead-out, with the label the encoder was given
        double squaresVsEncoder = 0;
        double meanVsEncoder = 0;
        for (int f = 1; f <= frames; f++) {
            int start = encodedStarts.get(f);
            LtcFrame frame = nearest(ours.frames(), start);
            assertTrue(Math.abs(frame.mark().positionSamples() - start) < 2,
                    "frame " + f + " (encoded at sample " + start + ") not decoded; nearest at " + frame.mark().positionSamples());
            assertEquals(label(encodedLabels.get(f), rate), frame.timecode(), "frame " + f);
            double d = frame.mark().positionSamples() - start;
            squaresVsEncoder += d * d;
            meanVsEncoder += d / frames;
        }
        // Our starts against libltc's whole-sample off_start
        double maxVsLibltc = 0;
        double meanVsLibltc = 0;
        int compared = 0;
        for (int i = 0; i < libltcStarts.size(); i++) {
            long offStart = libltcStarts.get(i)[0];
            if (offStart < encodedStarts.get(1) - 2 || offStart > encodedStarts.get(frames) + 2) {
                continue; // the lead-in or lead-out frame
            }
            LtcFrame frame = nearest(ours.frames(), offStart);
            double d = frame.mark().positionSamples() - offStart;
            assertEquals(label(libltcLabels.get(i), rate), frame.timecode(), "libltc frame at " + offStart);
            maxVsLibltc = Math.max(maxVsLibltc, Math.abs(d));
            meanVsLibltc += d;
            compared++;
        }
        meanVsLibltc /= compared;
        System.out.printf(Locale.ROOT, "libltc %s: %d frames encoded, %d decoded by us, %d by libltc; ours - encoder's buffer"
                        + " start: mean %.3f RMS %.3f samples; ours - libltc off_start: mean %.3f max %.3f samples%n",
                rate, frames, ours.frames().size(), libltcStarts.size(), meanVsEncoder,
                Math.sqrt(squaresVsEncoder / frames), meanVsLibltc, maxVsLibltc);
        assertTrue(compared >= frames, "libltc decoded only " + compared + " of " + frames + " frames");
        assertTrue(maxVsLibltc <= 1.0, "our frame starts differ from libltc's by up to " + maxVsLibltc + " samples");
    }

    private static LtcFrame nearest(List<LtcFrame> frames, double position) {
        LtcFrame best = frames.get(0);
        for (LtcFrame f : frames) {
            if (Math.abs(f.mark().positionSamples() - position) < Math.abs(best.mark().positionSamples() - position)) {
                best = f;
            }
        }
        return best;
    }

    /** An SMPTETimecode as our label type. */
    private static LtcTimecode label(byte[] t, LtcFrameRate rate) {
        String zone = new String(t, 0, 5, StandardCharsets.US_ASCII);
        ZoneOffset offset = ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3));
        return new LtcTimecode(t[9], t[10], t[11], t[12], rate == LtcFrameRate.FPS_29_97,
                LocalDate.of(2000 + t[6], t[7], t[8]), offset);
    }
}
