package io.tidemark.analysis.marks;

import io.tidemark.recorder.capture.ReferenceSignal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PpsDetectorTest {

    private static final int RATE_HZ = 48_000;
    private static final long LATENCY_NS = 500_000;

    @Test
    void ppsInSimulationGivesSampleToUtcWithinATenthOfAMicrosecondOrSo() {
        // 10 minutes at 48 kHz, 40 dB SNR, 3 Hz AC coupling, device 20 ppm fast with 0.3 ppm wander
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00.300Z"), RATE_HZ, 20, 0.3);
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ,
                new ReferenceSignal.AnaloguePath(0.5, 3, 40, LATENCY_NS), 7);
        int seconds = 600;
        float[] samples = generate(pps, clock, seconds * RATE_HZ);

        // Rough UTC 150 ms off, as from buffer stamps before the latency is known
        List<ReferenceMark> marks = PpsDetector.detect(samples, RATE_HZ, 0, k -> clock.utcNsAt(k) + 150_000_000L);
        assertEquals(seconds, marks.size(), "one edge a second");
        assertTrue(marks.stream().allMatch(m -> m.flags().isEmpty()), "no flags on a clean PPS");

        double edgeSquares = 0;
        double edgeMax = 0;
        double residualSquares = 0;
        for (ReferenceMark m : marks) {
            double errorNs = m.utcNs() - (clock.utcNsAt(m.positionSamples()) - LATENCY_NS);
            edgeSquares += errorNs * errorNs;
            edgeMax = Math.max(edgeMax, Math.abs(errorNs));
            residualSquares += m.residualNs() * m.residualNs();
        }
        MarkRateFit fit = MarkRateFit.of(marks);
        double squares = 0;
        double max = 0;
        int n = 0;
        for (long k = (long) Math.ceil(fit.firstPositionSamples()); k <= fit.lastPositionSamples(); k += 97) {
            double errorNs = fit.utcNsAt(k) - (clock.utcNsAt(k) - LATENCY_NS);
            squares += errorNs * errorNs;
            max = Math.max(max, Math.abs(errorNs));
            n++;
        }
        double rmsNs = Math.sqrt(squares / n);
        MarkRateFit.Offset latency = fit.offsetOf(clock::utcNsAt);
        System.out.printf(Locale.ROOT, "PPS sim: %d edges, edge error RMS %.1f ns max %.1f ns, residual RMS %.1f ns;"
                        + " sample->UTC RMS %.1f ns max %.1f ns over %d samples; latency %.1f +- %.1f ns (true %d)%n",
                marks.size(), Math.sqrt(edgeSquares / marks.size()), edgeMax, Math.sqrt(residualSquares / marks.size()),
                rmsNs, max, n, latency.meanNs(), latency.uncertaintyNs(), LATENCY_NS);
        assertTrue(rmsNs <= 300, "sample->UTC RMS " + rmsNs + " ns > 300 ns");
        assertTrue(max <= 1500, "sample->UTC max " + max + " ns > 1500 ns");
        assertTrue(Math.abs(latency.meanNs() - LATENCY_NS) <= 1000, "latency " + latency.meanNs() + " ns");
        assertEquals(RATE_HZ * (1 + 20e-6), fit.rateHzAt(RATE_HZ * 100.5), RATE_HZ * 0.5e-6, "device rate");
    }

    @Test
    void aMissingAndAStrayPulseAreFlagged() {
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00.300Z"), RATE_HZ, -35, 0);
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 3, 40, LATENCY_NS), 3);
        float[] samples = generate(pps, clock, 20 * RATE_HZ);
        // Edges fall at 0.7 s, 1.7 s, ... of the recording: silence the one at 5.7 s, add a stray at 9.45 s
        java.util.Arrays.fill(samples, (int) (5.5 * RATE_HZ), (int) (6.0 * RATE_HZ), 0f);
        for (int k = (int) (9.45 * RATE_HZ); k < (int) (9.5 * RATE_HZ); k++) {
            samples[k] += 0.5f;
        }
        List<ReferenceMark> marks = PpsDetector.detect(samples, RATE_HZ, 0, k -> clock.utcNsAt(k));
        long missing = marks.stream().filter(m -> m.flags().contains(ReferenceMark.Flag.MISSING_BEFORE)).count();
        long misaligned = marks.stream().filter(m -> m.flags().contains(ReferenceMark.Flag.MISALIGNED)).count();
        System.out.printf(Locale.ROOT, "PPS faults: %d marks, %d missing-before, %d misaligned%n", marks.size(), missing, misaligned);
        assertEquals(1, missing, "the gap after the silenced pulse");
        assertEquals(1, misaligned, "the stray pulse");
        assertEquals(19, MarkRateFit.of(marks).markCount(), "usable marks: 20 s of pulses, less the silenced one");
    }

    @Test
    void aBlockOfTheRecordingGivesTheSameEdgesAtTheSameRecordingIndices() {
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00.300Z"), RATE_HZ, 20, 0);
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 3, 40, LATENCY_NS), 5);
        float[] all = generate(pps, clock, 60 * RATE_HZ);
        List<ReferenceMark> whole = PpsDetector.detect(all, RATE_HZ, 0, clock::utcNsAt);
        int from = 30 * RATE_HZ + 1234;
        float[] block = java.util.Arrays.copyOfRange(all, from, all.length);
        List<ReferenceMark> part = PpsDetector.detect(block, RATE_HZ, from, clock::utcNsAt);
        assertEquals(30, part.size());
        double max = 0;
        for (ReferenceMark m : part) {
            ReferenceMark same = whole.stream().filter(w -> w.utcNs() == m.utcNs()).findFirst().orElseThrow();
            max = Math.max(max, Math.abs(same.positionSamples() - m.positionSamples()));
        }
        System.out.printf(Locale.ROOT, "PPS block: %d edges, positions within %.4f samples of the whole recording's%n",
                part.size(), max);
        // The two templates are learned from different edges: their noise differs by a little
        assertTrue(max < 0.01, "positions differ by " + max + " samples");
    }

    @Test
    void aChannelWithoutPpsIsReportedWithWhatItHolds() {
        SimulatedDeviceClock clock = new SimulatedDeviceClock(Instant.parse("2026-12-04T10:00:00Z"), RATE_HZ, 0, 0);
        // The PPS reference at -60 dBFS is drowned in noise 20 dB above it
        ReferenceSignal weak = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.001, 3, -20, 0), 1);
        float[] samples = generate(weak, clock, 5 * RATE_HZ);
        MarkException e = assertThrows(MarkException.class, () -> PpsDetector.detect(samples, RATE_HZ, 0, clock::utcNsAt));
        System.out.println("PPS bad input: " + e.oneLine());
        assertTrue(e.getMessage().startsWith("no PPS edges"), e.getMessage());
        assertTrue(e.getMessage().contains("peak level") && e.getMessage().contains("dBFS"), e.getMessage());
    }

    static float[] generate(ReferenceSignal signal, SimulatedDeviceClock clock, int samples) {
        float[] out = new float[samples];
        int block = 48_000;
        for (int k = 0; k < samples; k += block) {
            signal.fill(clock::utcNsAt, k, out, k, Math.min(block, samples - k));
        }
        return out;
    }
}
