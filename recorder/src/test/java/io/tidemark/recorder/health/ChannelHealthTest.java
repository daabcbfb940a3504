package io.tidemark.recorder.health;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelHealthTest {

    static final long S = 1_000_000_000L;

    static ChannelLevel level(double rmsDbfs, long clipped) {
        return new ChannelLevel(clipped > 0 ? 0.5 : rmsDbfs + 3, rmsDbfs, clipped, 0, 48_000);
    }

    @Test
    void aSilentChannelAndAClippingBurstEachGiveOneSpan() {
        ChannelHealth h = new ChannelHealth(2, -80, 600 * S, 10 * S);
        List<ChannelHealth.Change> all = new ArrayList<>();
        for (int t = 1; t <= 3 * 3600; t++) {
            boolean dead = t > 600 && t <= 600 + 3600;          // channel 1 dead for an hour
            boolean clip = t > 7200 && t <= 7230 && t % 3 != 0;   // channel 2 clips on and off for 30 s
            all.addAll(h.window(new ChannelLevel[]{level(dead ? -140 : -40, 0), level(-30, clip ? 12 : 0)},
                    t * S, S));
        }
        assertEquals(4, all.size(), all.toString());
        ChannelHealth.Change silentOn = all.get(0);
        assertEquals(new ChannelHealth.Change(1, ChannelHealth.Condition.SILENT, true, 600 * S, "RMS -140.0 dBFS"),
                silentOn, "dated from when it went quiet");
        assertEquals(ChannelHealth.Condition.SILENT, all.get(1).condition());
        assertFalse(all.get(1).on());
        assertEquals(4200 * S, all.get(1).atNs());
        assertEquals(new ChannelHealth.Change(2, ChannelHealth.Condition.CLIPPING, true, 7200 * S, "peak +0.5 dBFS"),
                all.get(2));
        ChannelHealth.Change clipOff = all.get(3);
        assertFalse(clipOff.on());
        assertEquals(7229 * S, clipOff.atNs(), "the span ends at the last clipped window");
        assertEquals("240 clipped samples", clipOff.detail());
        assertFalse(h.silent(1));
        assertFalse(h.clipping(2));
    }

    @Test
    void theForecastCountsEveryFolderAndRecordsToTheFirstWithRoom() {
        Path a = Path.of("/data/a");
        Path b = Path.of("/mnt/b");
        Map<Path, Long> free = new java.util.HashMap<>(Map.of(a, 1_000_000_000L, b, 5_000_000_000L));
        DiskForecast f = new DiskForecast(List.of(a, b), 100_000_000L, free::get);
        double bytesPerSecond = 8 * 4 * 48_000; // 8 ch float at 48 kHz
        DiskForecast.Forecast now = f.at(bytesPerSecond);
        assertEquals(a, now.current());
        assertEquals(900_000_000L, now.currentFreeBytes());
        assertEquals((long) (5_800_000_000L / bytesPerSecond), now.secondsLeft());
        free.put(a, 50_000_000L);
        assertEquals(b, f.at(bytesPerSecond).current(), "the first disk is past its reserve: go on on the second");
        free.put(b, 0L);
        DiskForecast.Forecast full = f.at(bytesPerSecond);
        assertNull(full.current());
        assertEquals(0, full.secondsLeft());
        assertTrue(f.at(0).secondsLeft() == Long.MAX_VALUE);
    }
}
