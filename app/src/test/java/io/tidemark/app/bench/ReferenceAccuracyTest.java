package io.tidemark.app.bench;

import io.tidemark.analysis.model.InputLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's must-show figures for a reference channel, through the product's path (record in simulated time,
 * marks found and stored, the model as commands load it), against the truth clicks with nothing subtracted.
 */
class ReferenceAccuracyTest {

    @Test
    void anHourOfPpsAt48kHzAnd40dBGivesSubMicrosecondUtcAndTheInputLatency(@TempDir Path dir) throws Exception {
        ReferenceAccuracy.Result r = ReferenceAccuracy.run(
                new ReferenceAccuracy.Scenario("pps", "pps", 60, 40, 500, 1), dir, null);
        System.out.println(ReferenceAccuracy.Result.header());
        System.out.println(r.row());
        System.out.printf("record %.1f s, marks %.1f s; latency claimed +- %d ns%n", r.recordSeconds(), r.marksSeconds(),
                r.latency().uncertaintyNs());
        assertEquals(InputLatency.Source.REFERENCE, r.latency().source());
        assertTrue(r.latency().includedInUncertainty());
        assertTrue(r.marks() >= 3595, "marks: " + r.marks());
        assertTrue(r.rmsUs() <= 0.3, "RMS " + r.rmsUs() + " us");
        assertTrue(r.maxUs() <= 1.5, "max " + r.maxUs() + " us");
        assertTrue(Math.abs(r.latencyErrorUs()) <= 1.0, "input latency off by " + r.latencyErrorUs() + " us");
    }

    @Test
    void ltcAt25FpsGivesUtcWithinFiveMicroseconds(@TempDir Path dir) throws Exception {
        ReferenceAccuracy.Result r = ReferenceAccuracy.run(
                new ReferenceAccuracy.Scenario("ltc", "ltc", 10, 40, 500, 2), dir, null);
        System.out.println(ReferenceAccuracy.Result.header());
        System.out.println(r.row());
        assertEquals(InputLatency.Source.REFERENCE, r.latency().source());
        assertTrue(r.marks() >= 25 * 595, "marks: " + r.marks());
        assertTrue(r.rmsUs() <= 5, "RMS " + r.rmsUs() + " us");
    }
}
