package io.tidemark.analysis.marks;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LTC from a real encoder: libltc encodes it with date and zone, our decoder reads every frame with
 * the encoder's label, and our frame starts agree with libltc's own decoder within one sample.
 */
class LibLtcTest {

    static final int RATE_HZ = 48_000;

    @Test
    void libltcAt25FpsWithDateAcrossMidnight() {
        LibLtc ltc = LibLtc.load();
        LibLtc.Encoded encoded = ltc.encode(RATE_HZ, 25, LibLtc.LTC_TV_625_50, "+0000", LocalDate.of(2026, 12, 4),
                23, 59, 0, 3002, LtcFrameRate.FPS_25);
        System.out.println("libltc: " + check(ltc, encoded, encoded.u8(), 25, LtcFrameRate.FPS_25));
    }

    @Test
    void libltcAt2997DropFrameWithDateAndZone() {
        LibLtc ltc = LibLtc.load();
        double fps = 30000.0 / 1001;
        LibLtc.Encoded encoded = ltc.encode(RATE_HZ, fps, LibLtc.LTC_TV_525_60, "+0100", LocalDate.of(2026, 12, 4),
                10, 9, 50, 3602, LtcFrameRate.FPS_29_97);
        System.out.println("libltc: " + check(ltc, encoded, encoded.u8(), fps, LtcFrameRate.FPS_29_97));
    }

    /**
     * Decodes {@code recorded} (the encoded stream as it came back, sample for sample) with ours and
     * with libltc. Every frame but the lead-in and lead-out (whose start or end only the frames
     * around them mark) must be ours with the encoder's label and date, and every frame libltc finds
     * must be ours with its label, within one sample of its off_start. Returns the figures.
     */
    static String check(LibLtc ltc, LibLtc.Encoded encoded, byte[] recorded, double fps, LtcFrameRate rate) {
        List<LibLtc.Decoded> theirs = ltc.decode(recorded, fps, RATE_HZ, rate);
        float[] samples = new float[recorded.length];
        for (int i = 0; i < recorded.length; i++) {
            samples[i] = ((recorded[i] & 0xFF) - 128) / 128f;
        }
        LocalDate day = encoded.labels().get(0).dateOrNull();
        long noonNs = (day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + 43_200) * 1_000_000_000L;
        LtcDecoding ours = LtcDecoder.decode(samples, RATE_HZ, 0, k -> noonNs);
        assertEquals(rate, ours.frameRate());
        assertEquals(0, ours.rejectedFrames());

        int last = encoded.labels().size() - 2;
        double squaresVsEncoder = 0;
        double meanVsEncoder = 0;
        for (int f = 1; f <= last; f++) {
            int start = encoded.startsSamples().get(f);
            LtcFrame frame = nearest(ours.frames(), start);
            assertTrue(Math.abs(frame.mark().positionSamples() - start) < 2,
                    "frame " + f + " (encoded at sample " + start + ") not decoded; nearest at " + frame.mark().positionSamples());
            assertEquals(encoded.labels().get(f), frame.timecode(), "frame " + f);
            double d = frame.mark().positionSamples() - start;
            squaresVsEncoder += d * d;
            meanVsEncoder += d / last;
        }
        double maxVsLibltc = 0;
        double meanVsLibltc = 0;
        int compared = 0;
        for (LibLtc.Decoded d : theirs) {
            if (d.offStartSamples() < encoded.startsSamples().get(1) - 2 || d.offStartSamples() > encoded.startsSamples().get(last) + 2) {
                continue; // the lead-in or lead-out frame
            }
            LtcFrame frame = nearest(ours.frames(), d.offStartSamples());
            assertEquals(d.label(), frame.timecode(), "libltc frame at " + d.offStartSamples());
            double diff = frame.mark().positionSamples() - d.offStartSamples();
            maxVsLibltc = Math.max(maxVsLibltc, Math.abs(diff));
            meanVsLibltc += diff;
            compared++;
        }
        assertTrue(compared >= last, "libltc decoded only " + compared + " of " + last + " frames");
        assertTrue(maxVsLibltc <= 1.0, "our frame starts differ from libltc's by up to " + maxVsLibltc + " samples");
        return String.format(Locale.ROOT, "%s: %d frames encoded (+ lead-in, lead-out), %d decoded by us, %d by libltc;"
                        + " ours - encoder's buffer start: mean %.3f RMS %.3f samples; ours - libltc off_start: mean %.3f"
                        + " max %.3f samples", rate, last, ours.frames().size(), theirs.size(), meanVsEncoder,
                Math.sqrt(squaresVsEncoder / last), meanVsLibltc / compared, maxVsLibltc);
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
}
