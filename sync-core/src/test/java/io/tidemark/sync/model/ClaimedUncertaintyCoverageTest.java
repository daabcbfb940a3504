package io.tidemark.sync.model;

import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's claimed 1-sigma uncertainty covers its real error at the click samples of simulated
 * sessions: RMS error / RMS claimed sigma within [0.7, 1.5], so it neither undercovers (the claim
 * users rely on) nor hides the error under a blanket. Latency-limited and NTP-limited cases.
 */
class ClaimedUncertaintyCoverageTest {

    private static final long TWO_HOURS_NS = 7_200_000_000_000L;

    static Stream<Scenario> scenarios() {
        return Stream.of(
                Scenario.base("1 ms exponential latency", TWO_HOURS_NS),
                Scenario.base("10 ms exponential latency", TWO_HOURS_NS).latency(10_000_000).seed(2),
                Scenario.base("NTP jitter 100 us", TWO_HOURS_NS).ntp(16_000_000_000L, NetworkPath.of(100_000, 100_000))
                        .seed(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void measuredRmsErrorIsBetween0_7And1_5TimesTheClaimedSigma(Scenario s) {
        ModelAccuracy.Result r = ModelAccuracy.run(s, 1);
        ModelAccuracy.Coverage c = r.coverage();
        String figures = String.format("%s: rms error %.2f us, rms claimed sigma %.2f us, ratio %.2f, %.0f %% within 1 sigma",
                s.name(), r.of("lower-envelope").rmsUs(), c.rmsSigmaUs(), c.ratio(), c.withinSigma() * 100);
        System.out.println(figures);
        assertTrue(r.of("lower-envelope").clicks() > 7000, "clicks measured: " + figures);
        assertTrue(c.ratio() <= 1.5, "the claimed uncertainty undercovers the error: " + figures);
        assertTrue(c.ratio() >= 0.7, "the claimed uncertainty is far larger than the error: " + figures);
    }
}
