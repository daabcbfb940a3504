package io.tidemark.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.app.Tidemark;
import io.tidemark.common.Json;
import io.tidemark.recorder.capture.ChildJvm;
import io.tidemark.recorder.capture.PacedFifoWriter;
import io.tidemark.recorder.capture.PulsePipeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark bench capture-backends} on the PulseAudio rig (a pipe source paced at +300 ppm, both
 * backends reading ALSA's pulse PCM, in a child JVM whose HOME points ALSA at it): it prints a row per
 * backend with its CPU and stamp scatter, and the rate each row shows is the writer's. The figures
 * themselves are the benchmark's to report, not this test's to judge.
 */
class CaptureBackendsBenchmarkTest {

    @Test
    void printsBothBackendsFiguresAsJsonAndEachSeesTheWritersRate(@TempDir Path dir) throws Exception {
        try (PulsePipeSource rig = new PulsePipeSource(8, 48_000);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, 8, 48_000, 2, 300).start()) {
            ChildJvm.Result r = ChildJvm.run(rig.env(), 180, dir.resolve("bench.log"), Tidemark.class,
                    "bench", "capture-backends", "--seconds", "20", "--json");
            assertNull(writer.failure(), "writer failed");
            assertEquals(0, r.exitCode(), r.output());
            JsonNode runs = Json.MAPPER.readTree(r.output().substring(r.output().indexOf('[')));
            assertEquals(2, runs.size(), r.output());
            assertEquals("alsa", runs.get(0).get("backend").asText());
            assertEquals("f32", runs.get(0).get("format").asText());
            assertEquals("javasound", runs.get(1).get("backend").asText());
            assertEquals("s32", runs.get(1).get("format").asText());
            for (JsonNode run : runs) {
                assertEquals(200, run.get("stamps").asInt(), run.toString());
                assertEquals(20.0, run.get("audioSeconds").asDouble(), 1e-9, run.toString());
                assertTrue(run.get("captureCpuPercent").asDouble() > 0, run.toString());
                assertTrue(run.get("stampMedianAboveEnvelopeMs").asDouble() >= 0, run.toString());
                assertEquals(300, run.get("ratePpm").asDouble(), 30, "the rate the stamps show: " + run);
            }
            System.out.println(r.output());
        }
        assertTrue(CliRun.run("bench", "capture-backends", "--seconds", "x").userErrorLine()
                .contains("cannot read 'x' as a whole number for --seconds"));
    }
}
