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

    /** Stamps of buffers after the {@code lostAt}-th delivered one lost one buffer; latencies given per delivered buffer. */
    static List<GapDetector.Gap> run(long[] latencyNs, int lostAt) {
        return run(latencyNs, lostAt, 1);
    }

    /** As {@link #run(long[], int)}, losing {@code lostBuffers} buffers there. */
    static List<GapDetector.Gap> run(long[] latencyNs, int lostAt, int lostBuffers) {
        GapDetector d = new GapDetector(RATE, BUFFER);
        List<GapDetector.Gap> gaps = new ArrayList<>();
        for (int k = 0; k < latencyNs.length; k++) {
            long deviceBuffer = k < lostAt ? k : k + lostBuffers; // these buffers' audio never arrives
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

    /**
     * Arrival lateness as a descheduled process sees it on a loaded VM: now and then (every 0.5–6 s)
     * the reader stalls for 0.1–1.7 s; the buffers due meanwhile come all at once when it runs again,
     * the first of them late by the whole stall, the later ones less. Between stalls 0.5 ms + exp(1 ms).
     */
    static long[] deschedulingBursts(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] l = new long[n];
        long stallStartNs = 2_000_000_000L;
        long stallEndNs = stallStartNs + 500_000_000L;
        long previousArrivalNs = 0;
        for (int k = 0; k < n; k++) {
            long dueNs = (k + 1) * BUFFER_NS;
            while (dueNs >= stallEndNs) {
                stallStartNs = stallEndNs + 500_000_000L + r.nextLong(5_500_000_000L);
                stallEndNs = stallStartNs + 100_000_000L + r.nextLong(1_600_000_000L);
            }
            long arrivalNs = dueNs + 500_000L + Math.round(-Math.log(1 - r.nextDouble()) * 1_000_000);
            if (dueNs >= stallStartNs) {
                arrivalNs = Math.max(arrivalNs, stallEndNs);
            }
            arrivalNs = Math.max(arrivalNs, previousArrivalNs + 50_000L); // one read after the other
            previousArrivalNs = arrivalNs;
            l[k] = arrivalNs - dueNs;
        }
        return l;
    }

    @Test
    void burstsOfLateBuffersFromADescheduledProcessAreNoGap() {
        for (long seed = 1; seed <= 5; seed++) {
            long[] l = deschedulingBursts(6_000, seed); // 10 min
            assertTrue(java.util.Arrays.stream(l).max().getAsLong() > 1_500_000_000L, "some stalls near 1.7 s");
            List<GapDetector.Gap> gaps = run(l, Integer.MAX_VALUE);
            assertTrue(gaps.isEmpty(), "seed " + seed + ": " + gaps);
        }
    }

    @Test
    void aDropoutAmongBurstsOfLateBuffersIsFoundWithItsSize() {
        for (long seed = 1; seed <= 5; seed++) {
            long[] l = deschedulingBursts(6_000, seed);
            int lostAt = 3_000;
            while (l[lostAt - 1] > 10_000_000L || l[lostAt] > 10_000_000L) {
                lostAt++; // between stalls: a dropout inside a stall may also be placed at a late buffer before it
            }
            List<GapDetector.Gap> gaps = run(l, lostAt, 3);
            assertEquals(1, gaps.size(), "seed " + seed + ": " + gaps);
            assertEquals((long) lostAt * BUFFER, gaps.get(0).firstBufferAfter().sampleIndex());
            assertEquals(3 * BUFFER, gaps.get(0).lostFrames(), 100);
        }
    }

    @Test
    void aStallLongerThanTheWindowIsAtMostOneFalseGapThenRaisesTheThreshold() {
        long[] l = jitter(3_000, 4);
        // Two stalls of 7 s: buffers due then come at the stall's end.
        for (int start : new int[] {1_000, 2_000}) {
            for (int k = start; k < start + 70; k++) {
                l[k] = (start + 70 - k) * BUFFER_NS;
            }
        }
        List<GapDetector.Gap> gaps = run(l, Integer.MAX_VALUE);
        assertTrue(gaps.size() <= 1, gaps.toString());
        assertTrue(gaps.stream().allMatch(g -> g.firstBufferAfter().seq() < 2_000), "the second stall is no gap: " + gaps);
    }
}
