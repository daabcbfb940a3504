package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must-show "Simulated time": a 24-hour 8 ch / 48 kHz session in simulated time. Its rows,
 * continuity, injected dropouts/overruns/disconnects and events match truth.json, and the NTP
 * client talked to the simulated server all day. Timestamps only (--audio none): a day of 8 ch ×
 * 24-bit audio is 100 GB. The wall time is printed; the target is a benchmark's business.
 */
class SimulatedDayTest {

    private static List<JsonNode> nearby(JsonNode truth, long sampleIndex) {
        List<JsonNode> near = new ArrayList<>();
        for (JsonNode f : truth.get("faults")) {
            if (Math.abs(f.get("sampleIndex").asLong() - sampleIndex) < 10 * 4800) {
                near.add(f);
            }
        }
        return near;
    }

    @Test
    void aSimulatedDayMatchesItsTruth(@TempDir Path out) throws Exception {
        long t0 = System.nanoTime();
        CliRun run = CliRun.run("record", "--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                "--duration", "24h", "--out", out.toString(), "--simulated-time", "--audio", "none",
                "--sim-start", "2026-11-21T00:00:00Z", "--sim-ppm", "12.5", "--sim-sys-ppm", "-3",
                "--sim-sys-offset-ms", "40", "--sim-dropouts", "0.5", "--sim-overruns", "0.25",
                "--sim-disconnects", "0.1", "--sim-seed", "42", "--json");
        System.out.printf("24 h simulated session took %.1f s wall%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, run.exitCode(), run.err());
        JsonNode summary = Json.MAPPER.readTree(run.out());
        Path dir = Path.of(summary.get("session").asText());
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        assertTrue(truth.get("complete").asBoolean());
        List<JsonNode> drops = new ArrayList<>();
        List<JsonNode> overruns = new ArrayList<>();
        List<JsonNode> disconnects = new ArrayList<>();
        for (JsonNode f : truth.get("faults")) {
            switch (f.get("kind").asText()) {
                case "dropout" -> drops.add(f);
                case "overrun" -> overruns.add(f);
                case "disconnect" -> disconnects.add(f);
                default -> throw new AssertionError("unexpected fault " + f);
            }
        }
        assertTrue(drops.size() >= 3 && overruns.size() >= 1 && disconnects.size() >= 1,
                "the seed injects every kind of fault: " + truth.get("faults"));
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals("ok", r.integrityCheck());
            long delivered = truth.get("deliveredFrames").asLong();
            assertEquals(delivered, r.frames(), "frames recorded = frames the device delivered");
            assertEquals((delivered + 4799) / 4800, r.bufferCount(), "one row per delivered buffer");
            assertEquals(0, r.discontinuities(), "sample_index continuous");
            long lostTruth = 0;
            for (JsonNode f : truth.get("faults")) {
                lostTruth += f.get("lostFrames").asLong();
            }
            long elapsedNs = r.lastBuffer().monoRawNs() - r.firstBuffer().monoRawNs();
            assertTrue(elapsedNs > 23.9 * 3600e9, "a day of stamps");
            assertEquals(overruns.size(), r.eventCount(SessionEvent.Kind.OVERRUN));
            assertEquals(overruns.size(), r.flaggedBuffers(BufferStamp.SUSPECTED_OVERRUN));
            assertEquals(disconnects.size(), r.eventCount(SessionEvent.Kind.DEVICE_LOST));
            assertEquals(disconnects.size(), r.eventCount(SessionEvent.Kind.DEVICE_REOPENED));
            assertEquals(disconnects.size(), r.flaggedBuffers(BufferStamp.DEVICE_REOPENED));
            // Every fault shows as a gap in the stamps, at its sample index, with its lost frames.
            List<SessionEvent> gaps = r.events().stream().filter(e -> e.kind().equals(SessionEvent.Kind.GAP)).toList();
            assertEquals(truth.get("faults").size(), gaps.size(), "one gap per injected fault");
            for (JsonNode f : truth.get("faults")) {
                long at = f.get("sampleIndex").asLong();
                long lost = f.get("lostFrames").asLong();
                SessionEvent g = gaps.stream().filter(e -> e.sampleIndex() == at).findFirst()
                        .orElseThrow(() -> new AssertionError("no gap at " + at + " for " + f + "; gaps near it: "
                                + gaps.stream().filter(e -> Math.abs(e.sampleIndex() - at) < 10 * 4800).toList()
                                + "; faults near it: " + nearby(truth, at)));
                // Within 2 ms: the envelope's resolution is set by the simulated latency jitter.
                assertEquals(lost, g.frames(), 96, "lost frames at " + at);
            }
            assertEquals(lostTruth, r.eventFrames(SessionEvent.Kind.GAP), 96L * gaps.size());
            // NTP: the real client against the simulated server, so ntp_time_ns is filled after the first exchange.
            assertTrue(r.ntpSampleCount() > 500, "NTP exchanges logged all day");
            BufferStamp last = r.lastBuffer();
            assertTrue(last.ntpTimeNs() != null);
            assertEquals(BufferStamp.SyncState.NTP, last.syncState());
            // The device runs 12.5 ppm fast against true time, the system clock 3 ppm slow: 15.5 ppm seen.
            assertEquals(15.5, summary.get("deviceRatePpm").asDouble(), 0.2);
            assertEquals("completed", r.session().stopReason());
        }
    }
}
