package io.tidemark.analysis.marks;

import io.tidemark.recorder.capture.ReferenceSignal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LtcDecoderTest {

    private static final int RATE_HZ = 48_000;
    private static final long LATENCY_NS = 2_000_000;

    @Test
    void ltcAt25FpsInSimulation() {
        check(ReferenceSignal.LtcRate.FPS_25, LtcFrameRate.FPS_25, ZoneOffset.UTC, true, false);
    }

    @Test
    void ltcAt2997DropFrameInSimulation() {
        check(ReferenceSignal.LtcRate.FPS_29_97_DF, LtcFrameRate.FPS_29_97, ZoneOffset.ofHours(1), true, false);
    }

    @Test
    void invertedLtcWithoutDateTakesItsDayFromTheRoughUtc() {
        check(ReferenceSignal.LtcRate.FPS_30, LtcFrameRate.FPS_30, ZoneOffset.UTC, false, true);
    }

    /** Two minutes across a tens-of-minutes boundary and the next minute (where drop-frame skips labels). */
    private static void check(ReferenceSignal.LtcRate generatorRate, LtcFrameRate rate, ZoneOffset zone, boolean withDate,
                              boolean inverted) {
        Instant start = Instant.parse("2026-12-04T10:09:50.123Z").minusSeconds(zone.getTotalSeconds());
        SimulatedDeviceClock clock = new SimulatedDeviceClock(start, RATE_HZ, -42, 0.3);
        ReferenceSignal ltc = ReferenceSignal.ltc(RATE_HZ, generatorRate, zone, withDate,
                new ReferenceSignal.AnaloguePath(0.5, 3, 40, LATENCY_NS), 11);
        int seconds = 120;
        float[] samples = PpsDetectorTest.generate(ltc, clock, seconds * RATE_HZ);
        if (inverted) {
            for (int k = 0; k < samples.length; k++) {
                samples[k] = -samples[k];
            }
        }
        LtcDecoding decoding = LtcDecoder.decode(samples, RATE_HZ, 0, k -> clock.utcNsAt(k) + 300_000_000L);
        assertEquals(rate, decoding.frameRate());
        List<LtcFrame> frames = decoding.frames();

        long dayStartNs = LocalDate.of(2026, 12, 4).atStartOfDay(zone).toEpochSecond() * 1_000_000_000L;
        int expectedFrames = (int) Math.floor(seconds * rate.framesPerSecond()) - 1;
        assertTrue(frames.size() >= expectedFrames, frames.size() + " frames decoded, expected " + expectedFrames);
        assertEquals(0, decoding.rejectedFrames());
        double squares = 0;
        double max = 0;
        double fitRms = 0;
        for (int i = 0; i < frames.size(); i++) {
            LtcFrame f = frames.get(i);
            long count = Math.round((f.mark().utcNs() - dayStartNs) * rate.framesPerSecond() / 1e9);
            assertEquals(expectedLabel(rate, count, withDate ? LocalDate.of(2026, 12, 4) : null, withDate ? zone : null),
                    f.timecode(), "frame " + i);
            if (i > 0) {
                assertTrue(f.mark().flags().isEmpty(), "frame " + i + " flags " + f.mark().flags());
            }
            double errorNs = f.mark().utcNs() - (clock.utcNsAt(f.mark().positionSamples()) - LATENCY_NS);
            squares += errorNs * errorNs;
            max = Math.max(max, Math.abs(errorNs));
            fitRms += f.transitionRmsNs() / frames.size();
        }
        double rmsNs = Math.sqrt(squares / frames.size());
        MarkRateFit.Offset latency = MarkRateFit.of(decoding.marks()).offsetOf(clock::utcNsAt);
        System.out.printf(Locale.ROOT, "LTC sim %s%s: %d frames (%s .. %s), frame start error RMS %.1f ns max %.1f ns,"
                        + " mean transition RMS %.1f ns, latency %.1f +- %.1f ns (true %d)%n",
                rate, inverted ? " inverted" : "", frames.size(), frames.get(0).timecode(), frames.get(frames.size() - 1).timecode(), rmsNs, max,
                fitRms, latency.meanNs(), latency.uncertaintyNs(), LATENCY_NS);
        assertTrue(rmsNs <= 5000, "frame start RMS " + rmsNs + " ns > 5 us");
        assertTrue(Math.abs(latency.meanNs() - LATENCY_NS) <= 1000, "latency " + latency.meanNs());
    }

    /** The label of frame {@code count} of the day, by counting labels up from midnight one by one. */
    static LtcTimecode expectedLabel(LtcFrameRate rate, long count, LocalDate date, ZoneOffset zone) {
        boolean dropFrame = rate == LtcFrameRate.FPS_29_97;
        int perSecond = rate.labelsPerSecond();
        int h = 0;
        int m = 0;
        int s = 0;
        int f = 0;
        for (long c = 0; c < count; c++) {
            if (++f == perSecond) {
                f = 0;
                if (++s == 60) {
                    s = 0;
                    if (++m == 60) {
                        m = 0;
                        h++;
                    }
                    if (dropFrame && m % 10 != 0) {
                        f = 2;
                    }
                }
            }
        }
        return new LtcTimecode(h, m, s, f, dropFrame, date, zone);
    }

    @Test
    void aDropoutIsFlaggedOnTheFirstFrameAfterIt() {
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00Z"), RATE_HZ, 10, 0);
        ReferenceSignal ltc = ReferenceSignal.ltc(RATE_HZ, ReferenceSignal.LtcRate.FPS_25, ZoneOffset.UTC, true,
                new ReferenceSignal.AnaloguePath(0.5, 3, 40, 0), 2);
        float[] samples = PpsDetectorTest.generate(ltc, clock, 20 * RATE_HZ);
        java.util.Arrays.fill(samples, 10 * RATE_HZ, 10 * RATE_HZ + RATE_HZ / 2, 0f);
        LtcDecoding decoding = LtcDecoder.decode(samples, RATE_HZ, 0, clock::utcNsAt);
        List<LtcFrame> flagged = decoding.frames().stream().filter(f -> !f.mark().flags().isEmpty()).toList();
        System.out.printf(Locale.ROOT, "LTC dropout: %d frames, flagged %s%n", decoding.frames().size(),
                flagged.stream().map(f -> f.timecode() + " " + f.mark().flags()).toList());
        assertEquals(1, flagged.size());
        assertEquals(java.util.Set.of(ReferenceMark.Flag.MISSING_BEFORE), flagged.get(0).mark().flags());
        // 500 frames less 13 in the gap, the one whose end it hides, and the stream's first and last
        // (their start and end are marked only by the frames around them)
        assertEquals(500 - 13 - 1 - 2, decoding.frames().size());
    }

    @Test
    void aChannelWithoutLtcIsReportedWithWhatItHolds() {
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00Z"), RATE_HZ, 0, 0);
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 3, 40, 0), 1);
        float[] samples = PpsDetectorTest.generate(pps, clock, 5 * RATE_HZ);
        MarkException e = assertThrows(MarkException.class, () -> LtcDecoder.decode(samples, RATE_HZ, 0, clock::utcNsAt));
        System.out.println("LTC bad input: " + e.oneLine());
        assertTrue(e.getMessage().startsWith("no LTC frames"), e.getMessage());
    }
}
