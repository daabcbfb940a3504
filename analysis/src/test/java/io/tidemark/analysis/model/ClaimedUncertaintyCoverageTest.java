package io.tidemark.analysis.model;

import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model's claimed 1-sigma uncertainty covers its real error at the click samples of simulated
 * sessions: RMS error / RMS claimed sigma within [0.7, 1.5], so it neither undercovers (the claim
 * users rely on) nor hides the error under a blanket. Latency-limited and NTP-limited cases.
 * A 2-hour session holds only a few independent NTP windows, so one session's RMS error is a draw of
 * a few; errors and claims are pooled over four seeds (an unlucky or lucky seed alone gave 0.3–0.9).
 */
class ClaimedUncertaintyCoverageTest {

    private static final long TWO_HOURS_NS = 7_200_000_000_000L;
    private static final int SEEDS = 4;

    static Stream<Scenario> scenarios() {
        return Stream.of(
                Scenario.base("1 ms exponential latency", TWO_HOURS_NS),
                Scenario.base("NTP jitter 100 us", TWO_HOURS_NS).ntp(16_000_000_000L, NetworkPath.of(100_000, 100_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void measuredRmsErrorIsBetween0_7And1_5TimesTheClaimedSigma(Scenario s) {
        assertCovered(s);
    }

    /**
     * With seed 4 this once failed (155 µs RMS against a claimed 7.5 µs): the fitter split off the last
     * 0.1 s as a "dropout" when its look-ahead ran dry at the end of the input (see SegmentationTest).
     */
    @Test
    void tenMillisecondLatencyIsCoveredToo() {
        assertCovered(Scenario.base("10 ms exponential latency", TWO_HOURS_NS).latency(10_000_000));
    }

    private static void assertCovered(Scenario s) {
        double sumErrSq = 0;
        double sumSigmaSq = 0;
        long clicks = 0;
        StringBuilder perSeed = new StringBuilder();
        for (long seed = 1; seed <= SEEDS; seed++) {
            ModelAccuracy.Result r = ModelAccuracy.run(s.seed(seed), 1);
            ModelAccuracy.Errors le = r.of("lower-envelope");
            ModelAccuracy.Coverage c = r.coverage();
            sumErrSq += le.rmsUs() * le.rmsUs() * le.clicks();
            sumSigmaSq += c.rmsSigmaUs() * c.rmsSigmaUs() * le.clicks();
            clicks += le.clicks();
            perSeed.append(String.format(" | seed %d: rms %.2f us, sigma %.2f us", seed, le.rmsUs(), c.rmsSigmaUs()));
        }
        double ratio = Math.sqrt(sumErrSq / sumSigmaSq);
        String figures = String.format("%s: pooled rms error %.2f us, rms claimed sigma %.2f us, ratio %.2f%s", s.name(),
                Math.sqrt(sumErrSq / clicks), Math.sqrt(sumSigmaSq / clicks), ratio, perSeed);
        System.out.println(figures);
        assertTrue(clicks > SEEDS * 7000L, "clicks measured: " + figures);
        assertTrue(ratio <= 1.5, "the claimed uncertainty undercovers the error: " + figures);
        assertTrue(ratio >= 0.7, "the claimed uncertainty is far larger than the error: " + figures);
    }
}
