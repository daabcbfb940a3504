package io.tidemark.analysis.model;

import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.sim.SyntheticStampSeries;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentationTest {

    private static final long MIN = 60_000_000_000L;

    private static List<ClockSegment> fit(SyntheticStampSeries.Recorded r, int sampleRate) {
        SampleClockFitter f = SampleClockFitter.withDefaults(sampleRate, new LowerEnvelopeFit());
        for (long[] b : r.buffers) {
            f.add(b[0], (int) b[1], b[2], (int) b[4]);
        }
        return f.finish();
    }

    @Test
    void droppedBuffersSplitTheSessionAndAreCounted() {
        Scenario s = Scenario.base("dropouts", 20 * MIN).latency(5_000_000)
                .dropouts(List.of(new long[]{5 * MIN, 3}, new long[]{12 * MIN, 1}));
        List<ClockSegment> segs = fit(SyntheticStampSeries.Recorded.of(s), s.sampleRateHz());
        assertEquals(3, segs.size(), segs.toString());
        assertEquals("dropout of 3 buffers", segs.get(1).startReason());
        assertEquals("dropout of 1 buffer", segs.get(2).startReason());
        assertEquals(segs.get(0).endSample(), segs.get(1).firstSample(), "segments tile the sample axis");
    }

    @Test
    void latencyOutliersDoNotSplit() {
        Scenario s = Scenario.base("outliers", 20 * MIN).outliers(0.001, 50_000_000);
        assertEquals(1, fit(SyntheticStampSeries.Recorded.of(s), s.sampleRateHz()).size());
    }

    /**
     * Late arrivals in the last few buffers look like a dropout to a look-ahead that has run dry:
     * they must not split off a segment whose extrapolation would misplace the last samples.
     */
    @Test
    void lateArrivalsInTheLastBuffersDoNotSplit() {
        SampleClockFitter f = SampleClockFitter.withDefaults(48_000, new LowerEnvelopeFit());
        long raw = 1_000_000_000_000L;
        int n = 3000;
        for (int i = 0; i < n; i++) {
            long onTime = raw + Math.round((i + 1) * 1024 * 1e9 / 48_000) + (i * 7919 % 1000) * 1000;
            long lateNs = i >= n - 5 ? 21_333_333 : 0; // the last 5 arrive one buffer length late
            f.add(i * 1024L, 1024, onTime + lateNs, 0);
        }
        List<ClockSegment> segs = f.finish();
        assertEquals(List.of("start"), segs.stream().map(ClockSegment::startReason).toList());
    }

    @Test
    void reopenAndClockStepFlagsSplit() {
        SampleClockFitter f = SampleClockFitter.withDefaults(48_000, new LowerEnvelopeFit());
        long raw = 1_000_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            int flags = i == 1000 ? BufferStamp.DEVICE_REOPENED : i == 2000 ? BufferStamp.CLOCK_STEPPED : 0;
            f.add(i * 1024L, 1024, raw + Math.round((i + 1) * 1024 * 1e9 / 48_000) + (i * 7919 % 1000) * 1000, flags);
        }
        List<ClockSegment> segs = f.finish();
        assertEquals(List.of("start", "device reopened", "system clock stepped"),
                segs.stream().map(ClockSegment::startReason).toList());
        assertEquals(1000 * 1024L, segs.get(1).firstSample());
    }

    @Test
    void aSingleBufferGivesAOnePointSegmentAtTheNominalRate() {
        SampleClockFitter f = SampleClockFitter.withDefaults(48_000, new LowerEnvelopeFit());
        f.add(0, 4800, 5_000_000_000L, 0);
        List<ClockSegment> segs = f.finish();
        assertEquals(1, segs.size());
        KnotCurve c = segs.get(0).sampleToRawNs();
        // The stamp marks the arrival of frame 4800; frame 0 is 100 ms earlier at the nominal rate.
        assertEquals(4_900_000_000L, c.valueAt(0));
        assertTrue(c.sigmaAt(48_000 * 3600L) > 1e5, "an hour away from one stamp, the rate's uncertainty shows");
    }
}
