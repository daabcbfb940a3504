package io.tidemark.analysis.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 24 h NTP outage in a 48 h recording, bridged by {@link NtpOffsetFit}: on the audio's sample clock when the raw
 * clock changed its rate during the outage, on the raw clock when the audio clock did. Either way the knots in the
 * outage stay within a µs of the truth, where one clock alone would be off by milliseconds, and the claimed
 * uncertainty covers the bridge's error.
 */
class NtpOutageBridgeTest {

    static final long HOUR = 3_600_000_000_000L;
    static final long OUTAGE_FROM = 12 * HOUR;
    static final long OUTAGE_TO = 36 * HOUR;
    static final double RATE_STEP = 0.5e-6;

    /** UTC − raw, ns, at raw time {@code r}: 10 ppm, plus RATE_STEP from 24 h on when the raw clock is the one that changes. */
    static double offsetNs(long r, boolean rawChanges) {
        double off = 2_000_000 + 10e-6 * r;
        return rawChanges && r > 24 * HOUR ? off + RATE_STEP * (r - 24 * HOUR) : off;
    }

    /** Sample position at UTC − UTC at raw 0: 48 kHz, plus RATE_STEP from 24 h on when the audio clock changes. */
    static double sampleAt(double utcSinceStartNs, boolean audioChanges) {
        double s = utcSinceStartNs * 48e-6;
        double dayNs = 24 * HOUR * (1 + 10e-6);
        return audioChanges && utcSinceStartNs > dayNs ? s + RATE_STEP * 48e-6 * (utcSinceStartNs - dayNs) : s;
    }

    static UtcSegment fit(boolean rawChanges, boolean withAudio) {
        SplittableRandom random = new SplittableRandom(7);
        List<NtpPoint> points = new ArrayList<>();
        for (long r = 0; r <= 48 * HOUR; r += 16_000_000_000L) {
            if (r > OUTAGE_FROM && r < OUTAGE_TO) {
                continue;
            }
            long delayNs = 300_000 + (long) (random.nextDouble() * 20_000);
            long noiseNs = (long) ((random.nextDouble() - 0.5) * (delayNs - 300_000));
            points.add(new NtpPoint("lan", r, Math.round(offsetNs(r, rawChanges)) + noiseNs, delayNs));
        }
        LongToDoubleFunction position = r -> sampleAt(r + offsetNs(r, rawChanges) - offsetNs(0, rawChanges), !rawChanges);
        NtpOffsetFit.AudioClock audio = new NtpOffsetFit.AudioClock() {
            @Override
            public double samplePositionAt(long rawNs) {
                return position.applyAsDouble(rawNs);
            }

            @Override
            public int stretchAt(long rawNs) {
                return 0;
            }
        };
        List<UtcSegment> segments = NtpOffsetFit.withDefaults().fit(points, withAudio ? audio : null);
        assertEquals(1, segments.size());
        return segments.get(0);
    }

    /** Worst |fitted − true| UTC of the audio, ns, over the outage: UTC at the sample where the truth puts it. */
    static double worstErrorNs(UtcSegment fitted, boolean rawChanges, double[] worstSigmaRatio) {
        double worst = 0;
        for (long r = OUTAGE_FROM + HOUR; r < OUTAGE_TO; r += HOUR) {
            double error = fitted.rawToOffsetNs().valueAt(r) - offsetNs(r, rawChanges);
            worst = Math.max(worst, Math.abs(error));
            worstSigmaRatio[0] = Math.max(worstSigmaRatio[0], Math.abs(error) / fitted.rawToOffsetNs().sigmaAt(r));
        }
        return worst;
    }

    @Test
    void aRawClockThatChangedRateIsBridgedOnTheAudioClock() {
        double[] ratio = {0};
        double onAudio = worstErrorNs(fit(true, true), true, ratio);
        assertTrue(onAudio < 1_000, "bridged on the steady audio clock: " + onAudio + " ns");
        assertTrue(ratio[0] < 1, "claimed sigma covers it: " + ratio[0]);
        double[] rawRatio = {0};
        double onRaw = worstErrorNs(fit(true, false), true, rawRatio);
        // a steady 0.5 ppm change from the middle of a 24 h bridge: the chord is ~2.7 ms off at 24 h
        assertTrue(onRaw > 1_000_000, "without the audio clock the raw clock's change shows: " + onRaw + " ns");
        assertTrue(rawRatio[0] < 3, "and the claimed sigma says so: " + rawRatio[0]);
    }

    @Test
    void anAudioClockThatChangedRateLeavesTheBridgeOnTheRawClock() {
        double[] ratio = {0};
        double onRaw = worstErrorNs(fit(false, true), false, ratio);
        assertTrue(onRaw < 1_000, "bridged on the steady raw clock: " + onRaw + " ns");
        assertTrue(ratio[0] < 1, "claimed sigma covers it: " + ratio[0]);
    }
}
