package io.tidemark.sync.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OscillatorTest {

    private static final long DAY_NS = 86_400_000_000_000L;

    @Test
    void fixedRateAccumulatesExactlyOverOneHundredTwentyDays() {
        Oscillator osc = new Oscillator(0, 0, 20.0, 0, 1);
        long trueNs = 120 * DAY_NS;
        long localNs = osc.localNsAt(trueNs);
        // 20 ppm of 120 days = 207.36 s, to within a few ns of integration error.
        assertEquals(trueNs + 207_360_000_000L, localNs, 10);
    }

    @Test
    void inverseReturnsTheTrueTimeOfALocalReading() {
        Oscillator osc = new Oscillator(1_000, 5_000, -37.5, 0.5, 7);
        for (long t = 10_000; t < 3_000_000_000_000L; t += 7_919_000_001L) {
            long local = osc.localNsAt(t);
            long back = osc.trueNsAt(local);
            assertTrue(Math.abs(back - t) <= 1, "t=" + t + " back=" + back);
        }
    }

    @Test
    void wanderMovesTheRateAndTheSameSeedReplaysIt() {
        Oscillator a = new Oscillator(0, 0, 0, 1.0, 42);
        Oscillator b = new Oscillator(0, 0, 0, 1.0, 42);
        long t = 10 * 3_600_000_000_000L;
        assertEquals(a.localNsAt(t), b.localNsAt(t));
        assertTrue(Math.abs(a.ratePpmAt(t)) > 1e-3, "a 1 ppm/sqrt(h) walk should have moved in 10 h");
    }
}
