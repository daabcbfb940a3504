package io.tidemark.sync.model;

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
}
