package io.tidemark.app.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must show (#12): an export across a crash gap. Two simulated sessions on one boot, the first never
 * stopped, 7 s apart; export 27 s .. 40 s after the first began. Without --fill-gaps it refuses in one
 * line naming the gap; with --fill-gaps silence the output is exactly 13 s of frames, every click of
 * either session lands on its true UTC second within one sample (the session writer's clicks are at
 * true UTC, so its fixed input latency is zero), the gap is silent, and the filled span is in the iXML.
 */
class ExportAcrossGapTest {

    @TempDir
    Path tmp;

    @Test
    void exportAcrossACrashGapFillsItWithSilenceAndKeepsBothSidesOnUtc() throws Exception {
        Path deployment = tmp.resolve("deployment");
        List<List<long[]>> clicks = DeploymentIndexTest.twoSessions(deployment);
        long from = Scenario.START + 27_000_000_000L;
        long to = Scenario.START + 40_000_000_000L;
        String fromText = UtcNanos.toInstant(from).toString();
        String toText = UtcNanos.toInstant(to).toString();

        CliRun refused = CliRun.run("export", deployment.toString(), "--from", fromText, "--to", toText, "--out",
                tmp.resolve("refused.wav").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        String line = refused.userErrorLine();
        assertTrue(line.contains("gap") && line.contains("crash") && line.contains("--fill-gaps silence"), line);
        assertFalse(Files.exists(tmp.resolve("refused.wav")));

        Path out = tmp.resolve("across.wav");
        CliRun r = CliRun.run("export", deployment.toString(), "--from", fromText, "--to", toText, "--fill-gaps", "silence",
                "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(13 * 48_000, j.get("frames").asLong());
        assertEquals(1, j.get("filledWithSilence").size(), r.out());
        assertEquals("crash", j.get("filledWithSilence").get(0).get("gapCause").asText());

        short[] x = SimulatedSessionFolder.lastChannelOf(out);
        assertEquals(13 * 48_000, x.length);
        List<Double> errors = new ArrayList<>();
        for (List<long[]> session : clicks) {
            for (long[] c : session) {
                if (c[1] < from + 1_000_000 || c[1] > to - 1_000_000) {
                    continue;
                }
                double expected = (c[1] - from) * 48_000 / 1e9;
                double found = SimulatedSessionFolder.peakPositionNear(x, expected, 24);
                errors.add(found - expected);
                assertTrue(Math.abs(found - expected) <= 1.0, "click at " + UtcNanos.toInstant(c[1]) + " landed "
                        + (found - expected) + " samples off");
            }
        }
        assertTrue(errors.size() >= 5, "clicks on both sides: " + errors.size());
        // The gap itself (about 30.1 s .. 37 s after the start) is silence.
        for (int i = (int) (3.2 * 48_000); i < (int) (9.9 * 48_000); i++) {
            assertEquals(0, x[i], "sample " + i + " of the gap");
        }
        try (BwfReader w = BwfReader.open(out)) {
            String note = w.ixml().orElseThrow().note();
            assertTrue(note.contains("Filled with silence") && note.contains("crash"), note);
        }
        System.out.println("click errors, samples: " + errors);
    }

    @Test
    void alignAcrossTheGapRefusesByDefaultAndFillsWhenAsked() throws Exception {
        Path deployment = tmp.resolve("deployment");
        DeploymentIndexTest.twoSessions(deployment);
        String start = UtcNanos.toInstant(Scenario.START + 27_000_000_000L).toString();
        CliRun refused = CliRun.run("align", deployment.toString(), "--video-start", start, "--video-duration", "13",
                "--out", tmp.resolve("no.wav").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.userErrorLine().contains("crash"), refused.userErrorLine());
        Path clip = tmp.resolve("clip.wav");
        CliRun r = CliRun.run("align", deployment.toString(), "--video-start", start, "--video-duration", "13",
                "--fill-gaps", "silence", "--out", clip.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(13 * 48_000, Json.MAPPER.readTree(r.out()).get("frames").asLong());
        try (BwfReader w = BwfReader.open(clip)) {
            assertEquals(13 * 48_000, w.frames());
            assertTrue(w.ixml().orElseThrow().note().contains("Filled with silence"));
        }
    }
}
