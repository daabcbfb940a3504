package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.FreeSpace;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The station in simulated time, in this process, no kills: its production health and alert code on the simulated
 * world's clock and sample counts. Two device losses, the first disk filling (an injected free-space probe) so that
 * the audio goes on in the overflow folder and later the disk runs low, an NTP outage, a channel silent for 15 min
 * and a clipping burst, a field note. Checked: the index's file starts against truth.csv, every true second in a file
 * or in a recorded gap with its cause, the summary's silent and clipping spans, and the webhook's alerts.
 *
 * <p>The scenario is a week's events compressed into 2 h 15 min of simulated time at 2 ch / 44.1 kHz / s16: a
 * simulated week writes its audio for real (107 GB at that format), which no unit test can afford; the health and
 * alert logic run on the same clock and counters either way.
 */
class StationSimulatedTimeTest {

    static final long S = 1_000_000_000L;
    static final long MIN = 60 * S;
    static final int RATE = 44_100;
    static final long BYTES_PER_SECOND = RATE * 2L * 2;
    static final long START_NS = UtcNanos.toEpochNs(Instant.parse("2026-11-21T00:00:00Z"));
    static final long RUN_NS = 135 * MIN;
    static final long LATENCY_NS = 500_000;
    /** What the recording keeps free on a folder before a new file there: (segment + 1 s) of audio + the session's reserve. */
    static final long FOLDER_RESERVE = 601 * BYTES_PER_SECOND + Math.max(256L << 20, 1800 * BYTES_PER_SECOND);

    @TempDir
    Path dir;

    @Test
    void aWeeksEventsInSimulatedTimeAreRecordedAlertedIndexedAndSummarised() throws Exception {
        SimulatedStationRun.Webhook hook = new SimulatedStationRun.Webhook();
        List<JsonNode> alerts = hook.alerts;
        Path deployment = dir.resolve("deployment");
        Path disk2 = dir.resolve("disk2");
        Files.createDirectories(deployment);
        Files.createDirectories(disk2);
        Path cfgFile = dir.resolve("station.json");
        Files.writeString(cfgFile, """
                {"device": "sim", "channels": 2, "rateHz": 44100, "format": "s16", "bufferMs": 100,
                 "deployment": "%s", "overflow": ["%s"], "segment": "600s", "channelNames": ["BOND6", "CLICK"],
                 "api": {"bind": "127.0.0.1", "port": 0},
                 "alerts": {"webhook": "http://127.0.0.1:%d/hook", "repeat": "5m"},
                 "health": {"silentDbfs": -80, "silentFor": "10m", "diskMinFree": "2h"},
                 "simulatedTime": true, "simStart": "2026-11-21T00:00:00Z",
                 "simDisconnectAt": ["20m", "80m"], "simDisconnectMs": 120000,
                 "simNtpOutage": "30m+20m", "simSilence": ["1@40m+15m"], "simClip": ["1@70m+30s"]}
                """.formatted(deployment, disk2, hook.port()));
        // The first disk holds 45 min of audio beyond the reserve; the second 2.5 h. Free space = budget - audio written.
        long budget1 = FOLDER_RESERVE + 45 * 60 * BYTES_PER_SECOND;
        long budget2 = 150 * 60 * BYTES_PER_SECOND;
        FreeSpace probe = folder -> {
            Path f = folder.toAbsolutePath().normalize();
            if (f.startsWith(disk2)) {
                return Math.max(0, budget2 - wavBytes(disk2));
            }
            if (f.startsWith(deployment)) {
                return Math.max(0, budget1 - wavBytes(deployment));
            }
            return Long.MAX_VALUE / 4;
        };
        List<String> notices = new CopyOnWriteArrayList<>();
        StationConfig config = StationConfig.read(cfgFile);
        long wallStart = System.nanoTime();
        try (StationService station = new StationService(config, notices::add, SystemdNotifier.fromEnvironment(), probe)) {
            SimulatedStationRun.run(station, RUN_NS, notices);
        }
        hook.close();
        double wallS = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf("station, %d min simulated: %.1f s wall%n", RUN_NS / MIN, wallS);

        Path session;
        try (Stream<Path> s = Files.list(deployment)) {
            List<Path> sessions = s.filter(p -> Files.isRegularFile(p.resolve("session.db"))).toList();
            assertEquals(1, sessions.size(), "one session, no restarts: " + sessions + " " + notices);
            session = sessions.get(0);
        }
        TimeModelStore.loadOrFit(session, false, n -> { });
        assertEquals(0, CliRun.run("note", deployment.toString(), "windshield refitted on BOND6", "--utc",
                "2026-11-21T01:00:00Z").exitCode());

        // The index: every file, on both disks, starts where truth.csv says (after the fixed input latency).
        CliRun idx = CliRun.run("index", deployment.toString(), "--json");
        assertEquals(0, idx.exitCode(), idx.err());
        JsonNode index = Json.MAPPER.readTree(idx.out());
        JsonNode files = index.get("files");
        assertEquals(wavCount(deployment) + wavCount(disk2), files.size(), "the index lists every file");
        assertTrue(wavCount(disk2) > 0, "the audio went on on the second disk");
        List<long[]> clicks = new ArrayList<>();
        for (String line : Files.readAllLines(session.resolve("truth.csv"))) {
            String[] f = line.split(",");
            if (!Character.isDigit(f[0].charAt(0))) {
                continue; // the header
            }
            clicks.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        }
        List<long[]> gaps = new ArrayList<>(); // sample index after, frames lost, preceded by device_lost (1/0)
        try (SessionReader r = SessionReader.open(session); Statement st = r.connection().createStatement();
             ResultSet q = st.executeQuery("SELECT kind, sample_index, frames FROM events ORDER BY id")) {
            boolean lost = false;
            while (q.next()) {
                switch (q.getString(1)) {
                    case "device_lost" -> lost = true;
                    case "gap" -> {
                        gaps.add(new long[] {q.getLong(2), q.getLong(3), lost ? 1 : 0});
                        lost = false;
                    }
                    default -> { }
                }
            }
        }
        double worstUs = 0;
        for (JsonNode f : files) {
            long first = f.get("firstSample").asLong();
            // The nearest click with no recorded gap between it and the file's first sample: after it, or before.
            long[] click = clicks.stream().filter(c -> c[0] >= first).findFirst().orElseThrow().clone();
            if (gaps.stream().anyMatch(g -> g[0] > first && g[0] <= click[0])) {
                long[] before = clicks.stream().filter(c -> c[0] < first).reduce((a, b) -> b).orElseThrow();
                System.arraycopy(before, 0, click, 0, 2);
            }
            assertTrue(Math.abs(click[0] - first) < RATE, "a click within a second of " + f);
            assertEquals("model", f.get("timeSource").asText(), f.toString());
            double expected = click[1] - (click[0] - first) * 1e9 / RATE;
            double errorUs = (f.get("firstUtcNs").asLong() - LATENCY_NS - expected) / 1e3;
            worstUs = Math.max(worstUs, Math.abs(errorUs));
            System.out.printf("file %s first %d utc %s: %.2f us off truth%n", f.get("path").asText(), first,
                    f.get("firstUtc").asText(), errorUs);
        }
        System.out.printf("index: %d files, worst file start %.2f us off truth%n", files.size(), worstUs);
        assertTrue(worstUs < 20, "a file start is " + worstUs + " us off truth.csv");

        // Every true second is in a file (its click is in a file's samples) or in a recorded gap with its cause.
        long lastSample = files.get(files.size() - 1).get("firstSample").asLong()
                + files.get(files.size() - 1).get("frames").asLong();
        int explained = 0;
        for (int i = 0; i < clicks.size(); i++) {
            long[] c = clicks.get(i);
            assertTrue(inAFile(files, c[0]), "click at sample " + c[0] + " in no file");
            if (i == 0) {
                continue;
            }
            long[] p = clicks.get(i - 1);
            double missingS = (c[1] - p[1]) / 1e9 - (c[0] - p[0]) / (double) RATE;
            if (c[1] - p[1] > 1_500_000_000L) {
                long[] g = gaps.stream().filter(x -> x[0] > p[0] && x[0] <= c[0]).findFirst()
                        .orElseThrow(() -> new AssertionError("true time " + p[1] + ".." + c[1] + " in no file and no gap"));
                assertEquals(1, g[2], "the gap's cause is the device lost");
                assertEquals(missingS, g[1] / (double) RATE, 0.2, "the gap's length");
                explained++;
            }
        }
        assertEquals(2, explained, "two device losses, each a gap with its cause");
        assertTrue(lastSample >= clicks.get(clicks.size() - 1)[0]);

        // The summary: the silent and clipping spans of channel 1, within one 10-min window (here: 2 s).
        CliRun sum = CliRun.run("summary", deployment.toString(), "--json");
        assertEquals(0, sum.exitCode(), sum.err());
        JsonNode summary = Json.MAPPER.readTree(sum.out());
        JsonNode silent = span(summary, "silent");
        JsonNode clipping = span(summary, "clipping");
        assertWithin(START_NS + 40 * MIN, silent.get("startUtcNs").asLong(), "silence start");
        assertWithin(START_NS + 55 * MIN, silent.get("endUtcNs").asLong(), "silence end");
        assertWithin(START_NS + 70 * MIN, clipping.get("startUtcNs").asLong(), "clipping start");
        assertWithin(START_NS + 70 * MIN + 30 * S, clipping.get("endUtcNs").asLong(), "clipping end");
        assertEquals("windshield refitted on BOND6",
                summary.get("days").get(0).get("notes").get(0).get("text").asText());

        // The webhook heard every change, each raised and cleared, and the NTP outage repeated every 5 simulated min.
        assertEquals(2, count(alerts, "device lost", "RAISED"), alerts.toString());
        assertEquals(2, count(alerts, "device lost", "CLEARED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 silent", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 silent", "CLEARED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 clipping", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 clipping", "CLEARED"), alerts.toString());
        assertEquals(0, count(alerts, "channel 2 clipping", "RAISED"), "the timing click is not clipping");
        assertEquals(1, count(alerts, "time source lost", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "time source lost", "CLEARED"), alerts.toString());
        long repeats = count(alerts, "time source lost", "REPEAT");
        assertTrue(repeats >= 2 && repeats <= 4, "repeats at 5 simulated min over a ~17-min outage: " + repeats);
        assertEquals(1, count(alerts, "folder changed", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "disk low", "RAISED"), alerts.toString());
        JsonNode ntpLost = alerts.stream().filter(a -> a.get("condition").asText().equals("time source lost")
                && a.get("state").asText().equals("RAISED")).findFirst().orElseThrow();
        // lost after 10 polls of 16 s without an accepted answer, on the simulated clock
        assertEquals(30 * MIN + 160 * S, ntpLost.get("atUtcNs").asLong() - START_NS, 40 * S, ntpLost.toString());
        // ... and the session holds it as events: lost, then back after the outage
        List<String> timeSource = new ArrayList<>();
        try (SessionReader r = SessionReader.open(session); Statement st = r.connection().createStatement();
             ResultSet q = st.executeQuery("SELECT kind, realtime_ns FROM events WHERE kind LIKE 'time_source_%' ORDER BY id")) {
            while (q.next()) {
                timeSource.add(q.getString(1));
                if (q.getString(1).equals("time_source_lost")) {
                    assertEquals(ntpLost.get("atUtcNs").asLong(), q.getLong(2), 2 * S, "the event at the alert's time");
                }
            }
        }
        assertEquals(List.of("time_source_lost", "time_source_back"), timeSource);
    }

    private static void assertWithin(long expectedNs, long actualNs, String what) {
        assertTrue(Math.abs(actualNs - expectedNs) < 2 * S, what + ": " + (actualNs - expectedNs) / 1e9 + " s off");
    }

    private static JsonNode span(JsonNode summary, String kind) {
        for (JsonNode s : summary.get("channelSpans")) {
            if (s.get("channel").asInt() == 1 && s.get("kind").asText().equals(kind)) {
                return s;
            }
        }
        fail("no " + kind + " span of channel 1 in " + summary.get("channelSpans"));
        return null;
    }

    private static long count(List<JsonNode> alerts, String condition, String state) {
        return alerts.stream().filter(a -> a.get("condition").asText().equals(condition)
                && a.get("state").asText().equals(state)).count();
    }

    private static boolean inAFile(JsonNode files, long sample) {
        for (JsonNode f : files) {
            long first = f.get("firstSample").asLong();
            if (sample >= first && sample < first + f.get("frames").asLong()) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the .wav files under {@code root}; files that come and go meanwhile (the journal) are passed over. */
    private static long wavBytes(Path root) {
        long[] sum = {0};
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                    if (file.toString().endsWith(".wav")) {
                        sum[0] += a.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum[0];
    }

    private static long wavCount(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".wav")).count();
        }
    }
}
