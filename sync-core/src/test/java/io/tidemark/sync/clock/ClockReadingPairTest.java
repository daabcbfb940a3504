package io.tidemark.sync.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SystemClock#read} pairs REALTIME and RAW from the same moment, even when the thread is descheduled. */
class ClockReadingPairTest {

    /** REALTIME = RAW + 1 s; the first raw read after the first realtime read comes 300 ms late. */
    private static final class PreemptedClock implements SystemClock {
        long rawNs = 5_000_000_000L;
        int rawReads;

        @Override
        public long realtimeNs() {
            rawNs += 100;
            return rawNs + 1_000_000_000L;
        }

        @Override
        public long monoRawNs() {
            rawNs += 100;
            if (++rawReads == 2) {
                rawNs += 300_000_000L; // the vCPU was taken away between the reads
            }
            return rawNs;
        }
    }

    @Test
    void aPairInterruptedBetweenItsReadsIsReadAgain() {
        PreemptedClock clock = new PreemptedClock();
        ClockReading r = clock.read();
        assertEquals(1_000_000_000L, r.realtimeNs() - r.monoRawNs(), "REALTIME − RAW of the pair");
        assertEquals(4, clock.rawReads, "one retry after the interrupted pair");
    }

    @Test
    void theKernelClocksPairWithinTheBracketAcrossManyReads() {
        SystemClock clock = SystemClock.platform();
        ClockReading prev = clock.read();
        long worstNs = 0;
        for (int i = 0; i < 200_000; i++) {
            ClockReading r = clock.read();
            long rawStepNs = r.monoRawNs() - prev.monoRawNs();
            // REALTIME may run up to 500 ppm (a slewing daemon) off RAW; anything beyond is a torn pair.
            long excessNs = Math.abs((r.realtimeNs() - prev.realtimeNs()) - rawStepNs) - rawStepNs / 2000;
            worstNs = Math.max(worstNs, excessNs);
            prev = r;
        }
        assertTrue(worstNs <= 2 * SystemClock.MAX_READ_BRACKET_NS, "torn pair: " + worstNs + " ns");
    }
}
