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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The station in simulated time, in this process, no kills: its production health and alert code on the simulated
 * world's clock and sample counts. Two device losses, the first disk filling (an injected free-space probe) so that
 * the audio goes on in the overflow folder, an NTP outage, a channel silent for a while and a clipping burst, a field
 * note. Checked: the index's file starts against truth.csv, every true second in a file or in a recorded gap with its
 * cause, the summary's silent and clipping spans, and the webhook's alerts.
 *
 * <p>Two runs of it. {@link #aLiteralWeek} is the week: 7 simulated days, a 24 h NTP outage, 3 h of silence,
 * at 2 ch / 1 kHz / s16 so that its 1,008 files are 2.4 GB (at 44.1 kHz a week would be 107 GB); the rate changes
 * nothing the station does per buffer but the sample arithmetic. {@link #aWeeksEventsCompressed} puts the same kinds
 * of event into 2 h 15 min at 44.1 kHz, with the disk also running low at the end.
 */
class StationSimulatedTimeTest {

    static final long S = 1_000_000_000L;
    static final long MIN = 60 * S;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final long START_NS = UtcNanos.toEpochNs(Instant.parse("2026-11-21T00:00:00Z"));
    static final long LATENCY_NS = 500_000;

    @TempDir
    Path dir;

    /** One simulated run: its format, length, scripted events (sim keys, and the same times for the checks), disks. */
    record Scenario(int rateHz, int bufferMs, long runNs, String repeat, String simKeys, long silenceAtNs,
                    long silenceNs, long clipAtNs, long disk1AudioNs, long disk2AudioNs, String noteUtc) {
        long bytesPerSecond() {
            return rateHz * 2L * 2;
        }

        /** What the recording keeps free on a folder before a new file there: (segment + 1 s) of audio + the session's disk reserve. */
        long folderReserve() {
            return 601 * bytesPerSecond() + Math.max(4L << 20, 3 * bytesPerSecond() + (1 << 20));
        }
    }

    /** What a run left: the deployment, its one session, the second disk, the alerts and the station's notices. */
    record Recorded(Path deployment, Path session, Path disk2, List<JsonNode> alerts, List<String> notices) {
    }

    @Test
    void aLiteralWeek() throws Exception {
        Scenario week = new Scenario(1000, 1000, 7 * DAY, "1h", """
                "simDisconnectAt": ["26h", "4d"], "simDisconnectMs": 600000, "simNtpOutage": "2d+24h",
                "simSilence": ["1@3d+3h"], "simClip": ["1@5d+30s"]""", 3 * DAY, 3 * HOUR, 5 * DAY,
                60 * HOUR, 6 * DAY, "2026-11-23T12:00:00Z");
        Recorded r = record(week);
        checkIndexSecondsAndSummary(week, r);
        List<JsonNode> alerts = r.alerts();
        assertEquals(1, count(alerts, "time source lost", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "time source lost", "CLEARED"), alerts.toString());
        long repeats = count(alerts, "time source lost", "REPEAT");
        assertTrue(repeats >= 21 && repeats <= 24, "repeats every simulated hour over a ~24 h outage: " + repeats);
        JsonNode ntpLost = raised(alerts, "time source lost");
        // lost after 10 polls of 16 s without an accepted answer, on the simulated clock
        assertEquals(2 * DAY + 160 * S, ntpLost.get("atUtcNs").asLong() - START_NS, 40 * S, ntpLost.toString());
        JsonNode folder = raised(alerts, "folder changed");
        // 60 h of audio fit on the first disk: later by the 10-min device loss at 26 h, at a file's start, and by a
        // file more when the probe's cached total (20 ms of wall time) was a file behind
        long movedNs = folder.get("atUtcNs").asLong() - START_NS;
        assertTrue(movedNs >= 60 * HOUR && movedNs <= 60 * HOUR + 30 * MIN + 10 * S, "the first disk filled: " + folder);
        assertEquals(0, count(alerts, "disk low", "RAISED"), "the second disk has a day to spare: " + alerts);
        // The summary's disk forecast: 2 ch x 1 kHz x 2 bytes a second (and the files' headers) per recorded day.
        CliRun sum = CliRun.run("summary", r.deployment().toString(), "--json");
        JsonNode disk = Json.MAPPER.readTree(sum.out()).get("disk");
        assertEquals(4000 * 86_400, disk.get("bytesPerDay").asDouble(), 4000 * 86_400 * 0.01, disk.toString());
        assertEquals(7, disk.get("daysAveraged").asInt(), disk.toString());
        assertEquals(disk.get("freeBytes").asDouble() / disk.get("bytesPerDay").asDouble(),
                disk.get("daysLeft").asDouble(), 0.1, disk.toString());
    }

    @Test
    void aWeeksEventsCompressed() throws Exception {
        Scenario compressed = new Scenario(44_100, 100, 135 * MIN, "5m", """
                "simDisconnectAt": ["20m", "80m"], "simDisconnectMs": 120000,
                "simNtpOutage": "30m+20m", "simSilence": ["1@40m+15m"], "simClip": ["1@70m+30s"]""", 40 * MIN,
                15 * MIN, 70 * MIN, 45 * MIN, 150 * MIN, "2026-11-21T01:00:00Z");
        Recorded r = record(compressed);
        checkIndexSecondsAndSummary(compressed, r);
        List<JsonNode> alerts = r.alerts();
        // The NTP outage repeated every 5 simulated min; the second disk runs low at the end.
        assertEquals(1, count(alerts, "time source lost", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "time source lost", "CLEARED"), alerts.toString());
        long repeats = count(alerts, "time source lost", "REPEAT");
        assertTrue(repeats >= 2 && repeats <= 4, "repeats at 5 simulated min over a ~17-min outage: " + repeats);
        assertEquals(1, count(alerts, "disk low", "RAISED"), alerts.toString());
        JsonNode ntpLost = raised(alerts, "time source lost");
        assertEquals(30 * MIN + 160 * S, ntpLost.get("atUtcNs").asLong() - START_NS, 40 * S, ntpLost.toString());
        // ... and the session holds it as events: lost, then back after the outage
        List<String> timeSource = new ArrayList<>();
        try (SessionReader sr = SessionReader.open(r.session()); Statement st = sr.connection().createStatement();
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

    /** Runs the scenario's station to its length, in this process, and adds the field note. */
    private Recorded record(Scenario sc) throws Exception {
        SimulatedStationRun.Webhook hook = new SimulatedStationRun.Webhook();
        Path deployment = dir.resolve("deployment");
        Path disk2 = dir.resolve("disk2");
        Files.createDirectories(deployment);
        Files.createDirectories(disk2);
        Path cfgFile = dir.resolve("station.json");
        Files.writeString(cfgFile, """
                {"device": "sim", "channels": 2, "rateHz": %d, "format": "s16", "bufferMs": %d,
                 "deployment": "%s", "overflow": ["%s"], "segment": "600s", "channelNames": ["BOND6", "CLICK"],
                 "api": {"bind": "127.0.0.1", "port": 0},
                 "alerts": {"webhook": "http://127.0.0.1:%d/hook", "repeat": "%s"},
                 "health": {"silentDbfs": -80, "silentFor": "10m", "diskMinFree": "2h"},
                 "simulatedTime": true, "simStart": "2026-11-21T00:00:00Z", %s}
                """.formatted(sc.rateHz(), sc.bufferMs(), deployment, disk2, hook.port(), sc.repeat(), sc.simKeys()));
        // Free space = the folder's budget - the audio written there: the first disk fills, the second takes over.
        long budget1 = sc.folderReserve() + sc.disk1AudioNs() / S * sc.bytesPerSecond();
        long budget2 = sc.disk2AudioNs() / S * sc.bytesPerSecond();
        // The station asks once a simulated second; walking a thousand files each time would be most of a week's
        // run, so a folder's total is reused for 20 ms of wall time (minutes of simulated audio, MBs against the
        // 256 MB reserve the recording keeps).
        java.util.Map<Path, long[]> written = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.ToLongFunction<Path> wavBytesCached = root -> {
            long[] c = written.computeIfAbsent(root, r -> new long[] {-1, 0});
            synchronized (c) {
                if (c[0] == -1 || System.nanoTime() - c[0] > 20_000_000L) {
                    c[1] = wavBytes(root);
                    c[0] = System.nanoTime();
                }
                return c[1];
            }
        };
        FreeSpace probe = folder -> {
            Path f = folder.toAbsolutePath().normalize();
            if (f.startsWith(disk2)) {
                return Math.max(0, budget2 - wavBytesCached.applyAsLong(disk2));
            }
            if (f.startsWith(deployment)) {
                return Math.max(0, budget1 - wavBytesCached.applyAsLong(deployment));
            }
            return Long.MAX_VALUE / 4;
        };
        List<String> notices = new CopyOnWriteArrayList<>();
        StationConfig config = StationConfig.read(cfgFile);
        long wallStart = System.nanoTime();
        try (StationService station = new StationService(config, notices::add, SystemdNotifier.fromEnvironment(), probe)) {
            SimulatedStationRun.run(station, sc.runNs(), notices);
        }
        hook.close();
        System.out.printf("station, %.2f days simulated at %d Hz: %.1f s wall%n", sc.runNs() / (double) DAY,
                sc.rateHz(), (System.nanoTime() - wallStart) / 1e9);
        Path session;
        try (Stream<Path> s = Files.list(deployment)) {
            List<Path> sessions = s.filter(p -> Files.isRegularFile(p.resolve("session.db"))).toList();
            assertEquals(1, sessions.size(), "one session, no restarts: " + sessions + " " + notices);
            session = sessions.get(0);
        }
        TimeModelStore.loadOrFit(session, false, n -> { });
        CliRun note = CliRun.run("note", deployment.toString(), "windshield refitted on BOND6", "--utc", sc.noteUtc());
        assertEquals(0, note.exitCode(), note.err());
        return new Recorded(deployment, session, disk2, hook.alerts, notices);
    }

    /**
     * What both runs must show: the index's file starts on truth.csv within 20 µs, every true second in a file or in
     * a device-lost gap, the summary's silent and clipping spans and the note, each alert raised and cleared.
     */
    private static void checkIndexSecondsAndSummary(Scenario sc, Recorded r) throws Exception {
        int rate = sc.rateHz();
        Path deployment = r.deployment();
        CliRun idx = CliRun.run("index", deployment.toString(), "--json");
        assertEquals(0, idx.exitCode(), idx.err());
        JsonNode index = Json.MAPPER.readTree(idx.out());
        JsonNode files = index.get("files");
        assertEquals(wavCount(deployment) + wavCount(r.disk2()), files.size(), "the index lists every file");
        assertTrue(wavCount(r.disk2()) > 0, "the audio went on on the second disk");
        List<String> truth = Files.readAllLines(r.session().resolve("truth.csv"));
        long[] clickSample = new long[truth.size()];
        long[] clickUtcNs = new long[truth.size()];
        int clicks = 0;
        for (String line : truth) {
            String[] f = line.split(",");
            if (Character.isDigit(f[0].charAt(0))) { // not the header
                clickSample[clicks] = Long.parseLong(f[0]);
                clickUtcNs[clicks++] = Long.parseLong(f[1]);
            }
        }
        List<long[]> gaps = new ArrayList<>(); // sample index after, frames lost, preceded by device_lost (1/0)
        try (SessionReader sr = SessionReader.open(r.session()); Statement st = sr.connection().createStatement();
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

        // The index: every file, on both disks, starts where truth.csv says (after the fixed input latency).
        double worstUs = 0;
        String worstFile = "";
        for (JsonNode f : files) {
            long first = f.get("firstSample").asLong();
            // The nearest click with no recorded gap between it and the file's first sample: after it, or before.
            int k = Arrays.binarySearch(clickSample, 0, clicks, first);
            k = k >= 0 ? k : -k - 1;
            long after = clickSample[k];
            if (gaps.stream().anyMatch(g -> g[0] > first && g[0] <= after)) {
                k--;
            }
            assertTrue(Math.abs(clickSample[k] - first) < rate, "a click within a second of " + f);
            assertEquals("model", f.get("timeSource").asText(), f.toString());
            double expected = clickUtcNs[k] - (clickSample[k] - first) * 1e9 / rate;
            double errorUs = (f.get("firstUtcNs").asLong() - LATENCY_NS - expected) / 1e3;
            if (Math.abs(errorUs) > worstUs) {
                worstUs = Math.abs(errorUs);
                worstFile = f.get("path").asText() + " (" + f.get("firstUtc").asText() + ")";
            }
        }
        System.out.printf("index: %d files, worst file start %.2f us off truth: %s%n", files.size(), worstUs, worstFile);
        assertTrue(worstUs < 20, "a file start is " + worstUs + " us off truth.csv: " + worstFile);

        // Every true second is in a file (its click is in a file's samples) or in a recorded gap with its cause.
        int file = 0;
        int explained = 0;
        for (int i = 0; i < clicks; i++) {
            long c = clickSample[i];
            while (file < files.size() && files.get(file).get("firstSample").asLong()
                    + files.get(file).get("frames").asLong() <= c) {
                file++;
            }
            assertTrue(file < files.size() && files.get(file).get("firstSample").asLong() <= c,
                    "click at sample " + c + " in no file");
            if (i == 0) {
                continue;
            }
            long p = clickSample[i - 1];
            double missingS = (clickUtcNs[i] - clickUtcNs[i - 1]) / 1e9 - (c - p) / (double) rate;
            if (clickUtcNs[i] - clickUtcNs[i - 1] > 1_500_000_000L) {
                long[] g = gaps.stream().filter(x -> x[0] > p && x[0] <= c).findFirst().orElseThrow(() ->
                        new AssertionError("true time " + p + ".." + c + " in no file and no gap"));
                assertEquals(1, g[2], "the gap's cause is the device lost");
                assertEquals(missingS, g[1] / (double) rate, 0.2, "the gap's length");
                explained++;
            }
        }
        assertEquals(2, explained, "two device losses, each a gap with its cause");

        // The summary: the silent and clipping spans of channel 1, within one 10-min window (here: 2 s); the note.
        CliRun sum = CliRun.run("summary", deployment.toString(), "--json");
        assertEquals(0, sum.exitCode(), sum.err());
        JsonNode summary = Json.MAPPER.readTree(sum.out());
        JsonNode silent = span(summary, "silent");
        JsonNode clipping = span(summary, "clipping");
        assertWithin(START_NS + sc.silenceAtNs(), silent.get("startUtcNs").asLong(), "silence start");
        assertWithin(START_NS + sc.silenceAtNs() + sc.silenceNs(), silent.get("endUtcNs").asLong(), "silence end");
        assertWithin(START_NS + sc.clipAtNs(), clipping.get("startUtcNs").asLong(), "clipping start");
        assertWithin(START_NS + sc.clipAtNs() + 30 * S, clipping.get("endUtcNs").asLong(), "clipping end");
        List<String> notes = new ArrayList<>();
        for (JsonNode day : summary.get("days")) {
            day.path("notes").forEach(n -> notes.add(n.get("text").asText()));
        }
        assertEquals(List.of("windshield refitted on BOND6"), notes);

        // The webhook heard every change, each raised and cleared.
        List<JsonNode> alerts = r.alerts();
        assertEquals(2, count(alerts, "device lost", "RAISED"), alerts.toString());
        assertEquals(2, count(alerts, "device lost", "CLEARED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 silent", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 silent", "CLEARED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 clipping", "RAISED"), alerts.toString());
        assertEquals(1, count(alerts, "channel 1 clipping", "CLEARED"), alerts.toString());
        assertEquals(0, count(alerts, "channel 2 clipping", "RAISED"), "the timing click is not clipping");
        assertEquals(1, count(alerts, "folder changed", "RAISED"), alerts.toString());
    }

    private static JsonNode raised(List<JsonNode> alerts, String condition) {
        return alerts.stream().filter(a -> a.get("condition").asText().equals(condition)
                && a.get("state").asText().equals("RAISED")).findFirst().orElseThrow(() ->
                new AssertionError("no " + condition + " alert in " + alerts));
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
