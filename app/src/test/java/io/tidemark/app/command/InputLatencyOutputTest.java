package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session with no reference channel and no calibration says so wherever it states an absolute time:
 * query (each form), export's JSON and its files' bext Description. And what it says is true: the
 * simulated device's fixed input latency (--sim-input-latency-us, in truth.json) is exactly what the
 * model's UTC is late by at the clicks, a bias no stamp can see.
 */
class InputLatencyOutputTest {

    static final long INPUT_LATENCY_NS = 2_000_000;

    @Test
    void withoutAReferenceEveryOutputSaysTheLatencyIsExcludedAndItIs(@TempDir Path dir) throws Exception {
        CliRun rec = CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "16",
                "--simulated-time", "--sim-start", "2026-11-21T12:00:00Z", "--duration", "60s",
                "--sim-input-latency-us", "2000", "--sim-latency-ms", "0.3", "--sim-ntp-jitter-us", "50",
                "--out", dir.resolve("rec").toString(), "--json");
        assertEquals(0, rec.exitCode(), rec.err());
        Path session = Path.of(Json.MAPPER.readTree(rec.out()).get("session").asText());
        JsonNode truth = Json.MAPPER.readTree(session.resolve("truth.json").toFile());
        assertEquals(INPUT_LATENCY_NS, truth.get("parameters").get("inputLatencyNs").asLong());

        for (List<String> form : List.of(List.of("--sample", "48000"), List.of("--utc", "2026-11-21T12:00:30Z"),
                List.of("--summary"))) {
            List<String> args = new java.util.ArrayList<>(List.of("query", session.toString()));
            args.addAll(form);
            args.add("--json");
            CliRun q = CliRun.run(args.toArray(new String[0]));
            assertEquals(0, q.exitCode(), q.err());
            JsonNode j = Json.MAPPER.readTree(q.out());
            assertEquals("none", j.get("latencySource").asText(), form.get(0));
            assertEquals(0, j.get("inputLatencyNs").asLong(), form.get(0));
            assertFalse(j.get("uncertaintyIncludesLatency").asBoolean(), form.get(0));
        }
        CliRun text = CliRun.run("query", session.toString(), "--sample", "48000");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("latencySource: none"), text.out());
        assertTrue(text.out().contains("note: the absolute time excludes the audio device's fixed input latency"),
                text.out());
        assertTrue(text.out().contains("typically 1-5 ms later than stated"), text.out());

        Path wav = dir.resolve("cut.wav");
        CliRun export = CliRun.run("export", session.toString(), "--from", "2026-11-21T12:00:10Z",
                "--to", "2026-11-21T12:00:20Z", "--out", wav.toString(), "--json");
        assertEquals(0, export.exitCode(), export.err());
        assertEquals("none", Json.MAPPER.readTree(export.out()).get("latencySource").asText());
        try (BwfReader r = BwfReader.open(wav)) {
            String description = r.bext().orElseThrow().description();
            assertTrue(description.contains("Excludes the device's input latency (not measured; typ. 1-5 ms)."),
                    description);
        }

        // What the note warns of: the model's UTC at each click is late by the input latency.
        TimeModel m = TimeModelStore.loadOrFit(session, false, n -> { });
        List<String> clicks = Files.readAllLines(session.resolve("truth.csv"));
        double sumNs = 0;
        int n = 0;
        for (String line : clicks.subList(1, clicks.size())) {
            String[] f = line.split(",");
            sumNs += m.model().utcNsAt(Long.parseLong(f[0])) - Long.parseLong(f[1]);
            n++;
        }
        double meanLateNs = sumNs / n;
        assertTrue(n >= 50, "clicks: " + n);
        System.out.printf("model UTC minus true UTC at %d clicks: mean %.1f us (input latency %d us)%n", n, meanLateNs / 1e3,
                INPUT_LATENCY_NS / 1000);
        assertEquals(INPUT_LATENCY_NS, meanLateNs, 100_000, "the model is late by the input latency, mean over "
                + n + " clicks: " + meanLateNs + " ns");
    }
}
