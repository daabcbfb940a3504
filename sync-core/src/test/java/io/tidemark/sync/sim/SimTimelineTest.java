package io.tidemark.sync.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimTimelineTest {

    @Test
    void eventsRunInOrderAtTheirOwnInstant() {
        SimTimeline tl = new SimTimeline(100);
        List<Long> seen = new ArrayList<>();
        tl.schedule(50, () -> seen.add(tl.nowNs()));
        tl.schedule(10, () -> {
            seen.add(tl.nowNs());
            tl.schedule(5, () -> seen.add(tl.nowNs()));
        });
        var cancelled = tl.schedule(20, () -> seen.add(-1L));
        cancelled.cancel();
        tl.advanceTo(1_000);
        assertEquals(List.of(110L, 115L, 150L), seen);
        assertEquals(1_000, tl.nowNs());
    }

    @Test
    void simulatedRealtimeDriftsAndStepsWhileRawDoesNot() {
        SimTimeline tl = new SimTimeline(0);
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 40_000_000L, 25.0, 0, 3);
        assertEquals(40_000_000L, clock.errorNs());
        tl.advanceTo(1_000_000_000_000L); // 1000 s
        assertEquals(40_000_000L + 25_000_000L, clock.errorNs(), 2);
        long raw = clock.monoRawNs();
        clock.step(-65_000_000L);
        assertEquals(0, clock.errorNs(), 2);
        assertEquals(raw, clock.monoRawNs());
        clock.setFrequencyAdjustmentPpm(-25.0);
        tl.advanceBy(1_000_000_000_000L);
        assertEquals(0, clock.errorNs(), 1_000); // 25 ppm·(1-25e-6) residual is < 1 µs
    }
}
