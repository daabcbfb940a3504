package io.tidemark.analysis.model;

import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleUtcModelTest {

    private static final long HOUR = 3_600_000_000_000L;

    private static String show(ModelAccuracy.Result r) {
        StringBuilder sb = new StringBuilder(r.scenario().name());
        for (ModelAccuracy.Errors e : r.errors()) {
            sb.append(String.format(" | %s rms %.2f max %.2f mean %.2f us", e.method(), e.rmsUs(), e.maxUs(), e.meanUs()));
        }
        return sb.append(" | segments ").append(r.model().clockSegments().size()).toString();
    }

    @Test
    void oneMillisecondLatencyMeetsTheTarget() {
        ModelAccuracy.Result r = ModelAccuracy.run(Scenario.base("1 ms latency", 2 * HOUR), 1);
        System.out.println(show(r));
        ModelAccuracy.Errors le = r.of("lower-envelope");
        assertTrue(le.rmsUs() <= 5 && le.maxUs() <= 20, show(r));
        assertTrue(r.of("least-squares").rmsUs() > 2 * le.rmsUs(), "least squares keeps the mean latency: " + show(r));
    }
}
