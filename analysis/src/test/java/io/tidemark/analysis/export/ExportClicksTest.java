package io.tidemark.analysis.export;

import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export of a simulated session: the clicks land on their true UTC, and the readers agree. */
class ExportClicksTest {

    @TempDir
    static Path tmp;
    static SimulatedSessionFolder session;
    static TimeModel model;
    static final long S = 1_000_000_000L;

    @BeforeAll
    static void record() throws Exception {
        Scenario s = Scenario.base("export", 100 * S).ntp(4 * S, io.tidemark.sync.sim.NetworkPath.of(100_000, 20_000))
                .device(60, 0).systemClock(40_000_000, 25);
        session = SimulatedSessionFolder.create(tmp, s, 48_000L * 60, x -> x);
        model = session.model();
    }

    @Test
    void resampledClicksLandWithinOneSampleOfTheirTrueUtc() throws Exception {
        long from = Scenario.START + 20 * S + 123_456;
        Path out = tmp.resolve("resampled.wav");
        Exporter.Result r = Exporter.export(session.dir, model, from, from + 60 * S, null, true, out, f -> { });
        short[] x = SimulatedSessionFolder.lastChannelOf(out);
        int checked = 0;
        double worst = 0;
        for (long[] c : session.clicks) {
            double k = (c[1] - r.firstUtcNs()) * 48_000 / 1e9;
            if (k < 10 || k > x.length - 10) {
                continue;
            }
            int best = SimulatedSessionFolder.peakNear(x, k, 5);
            worst = Math.max(worst, Math.abs(best - k));
            checked++;
        }
        System.out.printf("resampled export: %d clicks, worst %.3f samples from true UTC%n", checked, worst);
        assertTrue(checked >= 55, "clicks checked: " + checked);
        assertTrue(worst <= 1.0, "worst click is " + worst + " samples off");
    }

    @Test
    void plainExportPlacesTheFirstSampleAndReadersAgree() throws Exception {
        long from = Scenario.START + 10 * S;
        Path out = tmp.resolve("plain.wav");
        Exporter.Result r = Exporter.export(session.dir, model, from, from + 60 * S, List.of(2), false, out, f -> { });
        // Clicks sit at their recorded sample, shifted by the export's first sample.
        short[] x = SimulatedSessionFolder.lastChannelOf(out);
        long first = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        int hits = 0;
        for (long[] c : session.clicks) {
            long k = c[0] - first;
            if (k >= 0 && k < x.length) {
                assertEquals(Short.MAX_VALUE, x[(int) k]);
                // and the model's UTC of that sample is within one sample of its truth
                assertTrue(Math.abs(model.model().utcNsAt(c[0]) - c[1]) < 20_833, "click at " + c[0]);
                hits++;
            }
        }
        assertTrue(hits >= 59, "hits " + hits);
        // ffprobe's time_reference is our TimeReference.
        String tr = run("ffprobe", "-v", "error", "-show_entries", "format_tags=time_reference", "-of",
                "default=nw=1:nk=1", out.toString()).trim();
        assertEquals(Long.toString(r.timeReference()), tr);
        // mediainfo reports the bext delay (TimeReference / fs, in ms).
        String delay = run("mediainfo", "--Inform=Audio;%Delay%|%Delay_Source%", out.toString()).trim();
        assertTrue(delay.contains("bext") || delay.contains("Container"), delay);
        assertEquals(r.timeReference() * 1000.0 / 48_000, Double.parseDouble(delay.split("\\|")[0]), 1.0, delay);
        // sox and libsndfile read it.
        assertEquals(Long.toString(r.frames()), run("soxi", "-s", out.toString()).trim());
        String info = run("sndfile-info", out.toString());
        assertTrue(info.contains("Frames") || info.contains("frames"), info);
        String desc = run("ffprobe", "-v", "error", "-show_entries", "format_tags=comment", "-of",
                "default=nw=1:nk=1", out.toString());
        assertTrue(desc.contains("UTC +-"), desc);
    }

    @Test
    void neverOverwrites() throws Exception {
        Path out = tmp.resolve("exists.wav");
        Files.writeString(out, "precious");
        var e = org.junit.jupiter.api.Assertions.assertThrows(ExportException.class,
                () -> Exporter.export(session.dir, model, Scenario.START + 10 * S, Scenario.START + 11 * S, null, false,
                        out, f -> { }));
        assertTrue(e.oneLine().contains("never overwrites"));
        assertEquals("precious", Files.readString(out));
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + s);
        return s;
    }
}
