package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The crash test, in real time on the simulated device: a station child JVM is SIGKILLed at 10 random
 * moments of its recording and restarted 1–5 s later; then it is stopped cleanly. Every session database
 * must pass integrity_check, every audio file must open in ffprobe, each gap between sessions (from the
 * databases' buffer stamps) must be at most that restart's delay + 2 s, and recorded time + gaps must equal
 * the wall time spanned within 1 s.
 */
class StationCrashTest {

    private static final int RATE_HZ = 48000;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private boolean recording(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode s = Json.MAPPER.readTree(r.body());
            return s.path("recording").asBoolean() && s.path("framesRecorded").asLong() > 0;
        } catch (Exception notYet) {
            return false;
        }
    }

    private Process startStation(Path dep, int run) throws Exception {
        int port = StationServiceTest.freePort();
        Path cfg = dir.resolve("station-" + run + ".json");
        Files.writeString(cfg, "{\"device\":\"sim\",\"channels\":2,\"rateHz\":" + RATE_HZ + ",\"format\":\"s24\","
                + "\"bufferMs\":100,\"deployment\":\"" + dep + "\",\"api\":{\"port\":" + port + "}}");
        Path log = dir.resolve("station-" + run + ".log");
        Process p = CliRun.start(log, "station", "run", "--config", cfg.toString());
        long end = System.nanoTime() + 20_000_000_000L;
        while (!recording(port)) {
            if (System.nanoTime() > end || !p.isAlive()) {
                p.destroyForcibly();
                fail("station run " + run + " did not start recording:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return p;
    }

    @Test
    void tenKillsLeaveIntactSessionsAndGapsNoLongerThanTheRestarts() throws Exception {
        Path dep = dir.resolve("deployment");
        Files.createDirectories(dep);
        Random random = new Random(12);
        List<Long> delaysNs = new ArrayList<>();
        List<Long> launchNs = new ArrayList<>();
        List<Long> killNs = new ArrayList<>();
        for (int run = 0; run < 10; run++) {
            launchNs.add(System.currentTimeMillis() * 1_000_000L);
            Process p = startStation(dep, run);
            Thread.sleep(500 + random.nextInt(2500));
            killNs.add(System.currentTimeMillis() * 1_000_000L);
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            long delayMs = 1000 + random.nextInt(4000);
            delaysNs.add(delayMs * 1_000_000L);
            Thread.sleep(delayMs);
        }
        launchNs.add(System.currentTimeMillis() * 1_000_000L);
        Process last = startStation(dep, 10);
        Thread.sleep(1500);
        last.destroy(); // SIGTERM: clean
        assertTrue(last.waitFor(20, TimeUnit.SECONDS));

        record Span(String id, long startNs, long endNs, long recordedNs) {
        }
        List<Span> spans = new ArrayList<>();
        List<Path> sessions;
        try (Stream<Path> s = Files.list(dep)) {
            sessions = s.filter(Files::isDirectory).toList();
        }
        for (Path session : sessions) {
            try (SessionReader r = SessionReader.open(session)) {
                assertEquals("ok", r.integrityCheck(), session.toString());
                BufferStamp first = r.firstBuffer();
                BufferStamp lastBuffer = r.lastBuffer();
                assertTrue(first != null, "a session with no buffer: " + session);
                long startNs = first.sysRealtimeNs() - first.frames() * 1_000_000_000L / RATE_HZ;
                spans.add(new Span(session.getFileName().toString(), startNs, lastBuffer.sysRealtimeNs(),
                        r.frames() * 1_000_000_000L / RATE_HZ));
            }
        }
        assertEquals(11, spans.size(), "one session per run: " + spans);
        try (Stream<Path> files = Files.walk(dep)) {
            for (Path wav : files.filter(f -> f.toString().endsWith(".wav")).toList()) {
                Process probe;
                try {
                    probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
                            wav.toString()).redirectErrorStream(true).start();
                } catch (IOException e) {
                    throw new AssertionError("ffprobe is missing: install ffmpeg to run this test");
                }
                String out = new String(probe.getInputStream().readAllBytes());
                assertEquals(0, probe.waitFor(), wav + ": " + out);
                assertTrue(!out.contains("rror"), wav + ": " + out);
            }
        }
        spans.sort(Comparator.comparingLong(Span::startNs));
        long recordedNs = 0;
        long gapsNs = 0;
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            recordedNs += s.recordedNs();
            if (i > 0) {
                long gapNs = s.startNs() - spans.get(i - 1).endNs();
                gapsNs += gapNs;
                // Where the gap beyond the restart delay goes: audio not yet committed when killed (tail) and the
                // new JVM's start until its first buffer is stored (startup).
                table.append(String.format("gap %d: %.2f s = restart delay %.2f s + tail %.2f s + startup %.2f s%n",
                        i, gapNs / 1e9, delaysNs.get(i - 1) / 1e9,
                        (killNs.get(i - 1) - spans.get(i - 1).endNs()) / 1e9, (s.startNs() - launchNs.get(i)) / 1e9));
            }
        }
        long wallNs = spans.get(spans.size() - 1).endNs() - spans.get(0).startNs();
        // Each run's own account of its start (StartupTimeline), for when a gap is long.
        for (int run = 0; run <= 10; run++) {
            for (String line : Files.readAllLines(dir.resolve("station-" + run + ".log"))) {
                if (line.contains("started (ms after the JVM)")) {
                    table.append("run ").append(run).append(": ").append(line).append('\n');
                }
            }
        }
        System.out.print(table);
        for (int i = 1; i < spans.size(); i++) {
            long gapNs = spans.get(i).startNs() - spans.get(i - 1).endNs();
            // The tail lost to a SIGKILL is <= 0.25 s; the new JVM's start to its first stored buffer is class
            // loading (picocli, Jackson for the config, logging, JNA, SQLite), since the repair of the killed session
            // and the metrics wait until it records and the native parts load on a second thread: 0.8-1.1 s in a
            // full run here. The table above says where the time went when a gap is long.
            assertTrue(gapNs <= delaysNs.get(i - 1) + 2_000_000_000L, "gap " + i + " too long:\n" + table);
            assertTrue(gapNs >= delaysNs.get(i - 1), "sessions overlap? " + table);
        }
        System.out.printf("recorded %.2f s + gaps %.2f s = %.2f s; wall %.2f s%n", recordedNs / 1e9, gapsNs / 1e9,
                (recordedNs + gapsNs) / 1e9, wallNs / 1e9);
        assertEquals(wallNs, recordedNs + gapsNs, 1_000_000_000L, table.toString());
    }
}
