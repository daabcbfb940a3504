package io.tidemark.analysis.model;

import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw→UTC stage must not care what CLOCK_REALTIME does. */
class NtpOffsetFitTest {

    private static final long MIN = 60_000_000_000L;

    private static void assertAccurate(ModelAccuracy.Result r, double rmsUs, double maxUs) {
        ModelAccuracy.Errors le = r.of("lower-envelope");
        String msg = r.scenario().name() + ": " + le;
        assertTrue(le.rmsUs() <= rmsUs && le.maxUs() <= maxUs, msg);
        // Honest uncertainty: the errors seen are of the size the model claims (within a factor 5).
        assertTrue(le.rmsUs() <= 5 * Math.max(1, r.meanUncertaintyUs()), msg + " claimed " + r.meanUncertaintyUs());
    }

    @Test
    void systemClockFortyMillisecondsOffAndDrifting() {
        Scenario s = Scenario.base("system clock 40 ms off, 25 ppm", 60 * MIN).systemClock(40_000_000, 25);
        assertAccurate(ModelAccuracy.run(s, 1), 5, 20);
    }

    @Test
    void systemClockDisciplinedAndSteppedMidSession() {
        Scenario s = Scenario.base("disciplined + stepped", 60 * MIN).systemClock(40_000_000, 25)
                .discipline(20 * MIN, -25).step(40 * MIN, -40_000_000);
        ModelAccuracy.Result r = ModelAccuracy.run(s, 1);
        assertAccurate(r, 5, 20);
        assertEquals("system clock stepped", r.model().clockSegments().get(1).startReason());
    }

    @Test
    void serverChangeStartsANewUtcSegment() {
        Scenario s = Scenario.base("server change", 60 * MIN).serverChange(30 * MIN);
        ModelAccuracy.Result r = ModelAccuracy.run(s, 1);
        List<UtcSegment> utc = r.model().utcSegments();
        assertEquals(List.of("10.0.0.1:123", "10.0.0.2:123"), utc.stream().map(UtcSegment::source).toList());
        assertAccurate(r, 5, 20);
    }

    @Test
    void queuedExchangesAreFilteredOut() {
        // 100 us mean jitter each way plus 1 % of exchanges held 20 ms: the delay filter keeps the fast ones.
        Scenario s = Scenario.base("ntp jitter", 60 * MIN).ntp(16_000_000_000L,
                new NetworkPath(100_000, 100_000, 0.01, 20_000_000, 0.01));
        ModelAccuracy.Result r = ModelAccuracy.run(s, 1);
        assertAccurate(r, 25, 80);
    }

    @Test
    void wanderSigmaEqualsTheExplicitDoubleSum() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = 2 + random.nextInt(300);
            int a = random.nextInt(5);
            double[] rel = new double[a + m];
            double[] w = new double[m];
            double t = -2048 * random.nextDouble();
            double sw = 0;
            double st = 0;
            for (int i = 0; i < m; i++) {
                t += random.nextDouble() * 4096.0 / m * (random.nextInt(20) == 0 ? 0 : 1); // some equal times
                rel[a + i] = t;
                w[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
            }
            double shift = trial % 10 == 0 ? rel[a + m / 2] : 0; // now and then a point exactly at the knot
            for (int i = 0; i < m; i++) {
                rel[a + i] -= shift;
                sw += w[i];
                st += w[i] * rel[a + i];
            }
            if (sw == 0) {
                continue;
            }
            double mt = st / sw;
            double stt = 0;
            for (int i = 0; i < m; i++) {
                stt += w[i] * (rel[a + i] - mt) * (rel[a + i] - mt);
            }
            double expected = explicitWanderSigmaNs(rel, a, w, sw, mt, stt);
            assertEquals(expected, NtpOffsetFit.wanderSigmaNs(rel, a, w, sw, mt, stt), 1e-6 * expected + 1e-9,
                    "trial " + trial + ", " + m + " points");
        }
    }

    /** The covariance double sum term by term, as the O(n) form must reproduce. */
    private static double explicitWanderSigmaNs(double[] rel, int a, double[] w, double sw, double mt, double stt) {
        int m = w.length;
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            c[i] = w[i] == 0 ? 0 : w[i] / sw - (stt > 0 ? mt * w[i] * (rel[a + i] - mt) / stt : 0);
        }
        double var = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double ti = rel[a + i];
                double tj = rel[a + j];
                if (ti * tj <= 0) {
                    continue;
                }
                double lo = Math.min(Math.abs(ti), Math.abs(tj));
                double hi = Math.max(Math.abs(ti), Math.abs(tj));
                var += c[i] * c[j] * (lo * lo * lo / 3 + lo * lo * (hi - lo) / 2);
            }
        }
        return Math.sqrt(Math.max(0, var * NtpOffsetFit.WANDER_RATE_VARIANCE_PER_S)) * 1e9;
    }
}
