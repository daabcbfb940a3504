package io.tidemark.recorder.stamp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lost buffers show in the stamps as a lasting jump of the arrival envelope; latency alone does not. */
class GapDetectorTest {

    static final int RATE = 48_000;
    static final int BUFFER = 4_800;
    static final long BUFFER_NS = 100_000_000L;

    /** Stamps of 100 buffers after the {@code lostAt}-th delivered one lost one buffer; latencies given per delivered buffer. */
    static List<GapDetector.Gap> run(long[] latencyNs, int lostAt) {
        GapDetector d = new GapDetector(RATE, BUFFER);
        List<GapDetector.Gap> gaps = new ArrayList<>();
        for (int k = 0; k < latencyNs.length; k++) {
            long deviceBuffer = k < lostAt ? k : k + 1; // one buffer's audio never arrives
            long arrivalNs = 1_000_000_000L + (deviceBuffer + 1) * BUFFER_NS + latencyNs[k];
            gaps.addAll(d.add(new BufferStamp(k, (long) k * BUFFER, BUFFER, arrivalNs, arrivalNs, null, null, 0)));
        }
        gaps.addAll(d.finish());
        return gaps;
    }

    static long[] jitter(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = 2_000_000L + Math.round(-Math.log(1 - r.nextDouble()) * 1_000_000); // 2 ms + exp(1 ms)
        }
        return l;
    }

    @Test
    void aGapIsPlacedAtTheFirstBufferAfterItEvenWhenThatBufferArrivedFastest() {
        long[] l = jitter(100, 1);
        l[50] = 1_000_000L; // the first buffer after the gap is the fastest of its window
        List<GapDetector.Gap> gaps = run(l, 50);
        assertEquals(1, gaps.size(), gaps.toString());
        assertEquals(50L * BUFFER, gaps.get(0).firstBufferAfter().sampleIndex());
        assertEquals(BUFFER, gaps.get(0).lostFrames(), 100);
    }

    @Test
    void aLatencyOutlierJustBeforeAGapDoesNotPullTheGapEarlyOrShrinkIt() {
        long[] l = jitter(100, 2);
        l[49] = 30_000_000L;
        List<GapDetector.Gap> gaps = run(l, 50);
        assertEquals(1, gaps.size(), gaps.toString());
        assertEquals(50L * BUFFER, gaps.get(0).firstBufferAfter().sampleIndex());
        assertEquals(BUFFER, gaps.get(0).lostFrames(), 100);
    }

    @Test
    void latencyOutliersWithoutLostAudioAreNoGap() {
        long[] l = jitter(100, 3);
        l[30] = 50_000_000L;
        l[60] = 80_000_000L;
        List<GapDetector.Gap> gaps = run(l, Integer.MAX_VALUE);
        assertTrue(gaps.isEmpty(), gaps.toString());
    }
}
