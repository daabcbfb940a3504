package io.tidemark.app.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.GapCause;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.sim.SimulatedSessionWriter;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two simulated sessions in one deployment, 7 s apart, written on this boot and never stopped (as a
 * crash leaves them): the index lists both sessions' files with UTC starts that match truth.csv, the
 * gap with cause "crash", and a field note; and the gap's cause follows the first session's stop
 * reason, device events and the boot ids.
 */
class DeploymentIndexTest {

    static final long SESSION_NS = 30_000_000_000L;
    static final long GAP_NS = 7_000_000_000L;

    @TempDir
    static Path tmp;
    static Path deployment;
    static Path a;
    static Path b;

    static Scenario startingAt(Scenario s, long startTrueNs, long seed) {
        return new Scenario(s.name(), startTrueNs, s.durationNs(), s.sampleRateHz(), s.bufferFrames(), s.deviceRatePpm(),
                s.deviceWanderPpmPerSqrtHour(), s.latencyMeanNs(), s.outlierProbability(), s.outlierNs(), s.systemOffsetNs(),
                s.systemRatePpm(), s.systemWanderPpmPerSqrtHour(), s.ntpPollNs(), s.ntpPath(), s.dropouts(), s.stepAtNs(),
                s.stepNs(), s.freqAdjAtNs(), s.freqAdjPpm(), s.serverChangeAtNs(), seed);
    }

    /** Writes sessions A and B (B starts GAP_NS after A ends) into {@code deployment}; returns their clicks. */
    static List<List<long[]>> twoSessions(Path deployment) throws Exception {
        Scenario base = Scenario.base("deployment", SESSION_NS).buffer(4800).ntp(2_000_000_000L,
                io.tidemark.sync.sim.NetworkPath.of(100_000, 20_000));
        SimulatedSessionWriter.Audio audio = new SimulatedSessionWriter.Audio(2, 16, 48_000L * 10);
        List<long[]> ca = SimulatedSessionWriter.write(deployment.resolve("20261119T000000Z-sim"),
                startingAt(base, Scenario.START, 1), audio, x -> x, n -> { });
        List<long[]> cb = SimulatedSessionWriter.write(deployment.resolve("20261119T000037Z-sim"),
                startingAt(base, Scenario.START + SESSION_NS + GAP_NS, 2), audio, x -> x, n -> { });
        return List.of(ca, cb);
    }

    static List<List<long[]>> clicks;

    @BeforeAll
    static void build() throws Exception {
        deployment = tmp.resolve("deployment");
        clicks = twoSessions(deployment);
        a = deployment.resolve("20261119T000000Z-sim");
        b = deployment.resolve("20261119T000037Z-sim");
        for (Path s : List.of(a, b)) {
            assertEquals(0, CliRun.run("query", s.toString(), "--summary", "--json").exitCode()); // fits and stores the model
        }
    }

    @Test
    void indexListsFilesWithUtcStartsFromTheModelAndTheCrashGapAndTheNote() throws Exception {
        CliRun note = CliRun.run("note", deployment.toString(), "windshield refitted on BOND6", "--utc",
                "2026-11-19T00:00:31Z", "--json");
        assertEquals(0, note.exitCode(), note.err());
        CliRun r = CliRun.run("index", deployment.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode idx = Json.MAPPER.readTree(r.out());
        // 30 s in 10-s files, twice (the device's +20 ppm leaves a few frames for a fourth file each)
        int filesOfA = 0;
        while (idx.get("files").get(filesOfA).get("session").asText().equals(a.getFileName().toString())) {
            filesOfA++;
        }
        assertTrue(filesOfA >= 3 && idx.get("files").size() - filesOfA >= 3, r.out());
        for (int s = 0; s < 2; s++) {
            // The first click of each session against the index's first file start: the click at sample n
            // was truly at t, so the first sample was at t - n/fs (the device's 20 ppm over < 1 s: < 20 ns).
            long[] click = clicks.get(s).get(0);
            JsonNode first = idx.get("files").get(s == 0 ? 0 : filesOfA);
            assertEquals("model", first.get("timeSource").asText());
            double expected = click[1] - click[0] * 1e9 / 48_000;
            double errorUs = (first.get("firstUtcNs").asLong() - expected) / 1e3;
            assertTrue(Math.abs(errorUs) < 20, "session " + s + " first sample off truth by " + errorUs + " us");
        }
        JsonNode gap = idx.get("gaps").get(0);
        assertEquals("crash", gap.get("cause").asText(), gap.toString());
        // A's last buffer ends up to one buffer (0.1 s) after its scenario's 30 s; B starts exactly GAP_NS after those.
        assertEquals(GAP_NS / 1e9 - 0.05, gap.get("lengthNs").asLong() / 1e9, 0.051, gap.toString());
        assertEquals("windshield refitted on BOND6", idx.get("notes").get(0).get("text").asText());
        CliRun text = CliRun.run("index", deployment.toString());
        assertTrue(text.out().contains("crash") && text.out().contains("windshield refitted on BOND6"), text.out());
        CliRun csv = CliRun.run("index", deployment.toString(), "--csv");
        assertEquals(1 + idx.get("files").size() + 1 + 1, csv.out().strip().lines().count(), csv.out());
    }

    @Test
    void gapCauseFollowsStopReasonDeviceEventsAndBootIds() throws Exception {
        Path d = tmp.resolve("causes");
        twoSessions(d);
        Path first = d.resolve("20261119T000000Z-sim");
        Path second = d.resolve("20261119T000037Z-sim");
        assertEquals(GapCause.CRASH, cause(d));
        sql(first, "UPDATE sessions SET stop_reason = 'crashed'");
        assertEquals(GapCause.CRASH, cause(d));
        sql(second, "UPDATE sessions SET boot_id = 'another-boot'");
        assertEquals(GapCause.UNKNOWN, cause(d));
        sql(first, "UPDATE sessions SET stop_reason = 'completed'");
        assertEquals(GapCause.CLEAN_STOP, cause(d));
        sql(first, "UPDATE sessions SET stop_reason = 'disk_full'");
        assertEquals(GapCause.DISK_FULL, cause(d));
        sql(first, "UPDATE sessions SET stop_reason = 'device_gone'");
        assertEquals(GapCause.DEVICE_LOST, cause(d));
        sql(first, "UPDATE sessions SET stop_reason = 'error'");
        sql(first, "INSERT INTO events (realtime_ns, mono_raw_ns, kind, detail) VALUES (0, 0, 'device_lost', 'unplugged')");
        assertEquals(GapCause.DEVICE_LOST, cause(d));
        sql(first, "INSERT INTO events (realtime_ns, mono_raw_ns, kind, detail) VALUES (0, 0, 'device_reopened', 'back')");
        assertEquals(GapCause.UNKNOWN, cause(d));
    }

    private static GapCause cause(Path d) {
        Deployment dep = Deployment.open(d, n -> { });
        assertEquals(2, dep.sessions().size());
        assertEquals(1, dep.gaps().size());
        return dep.gaps().get(0).cause();
    }

    private static void sql(Path session, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.resolve("session.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void summaryReportsRecordedTimeGapEventsAndNotesAsRecorded() throws Exception {
        Path d = tmp.resolve("summary");
        twoSessions(d);
        Path first = d.resolve("20261119T000000Z-sim");
        sql(first, "INSERT INTO events (realtime_ns, mono_raw_ns, kind, detail, frames) VALUES ("
                + (Scenario.START + 5_000_000_000L) + ", 0, 'channel_silent', 'ch 2', 96000)");
        sql(first, "INSERT INTO events (realtime_ns, mono_raw_ns, kind, detail, frames) VALUES ("
                + (Scenario.START + 6_000_000_000L) + ", 0, 'channel_clipping', 'ch 1', 48)");
        assertEquals(0, CliRun.run("note", d.toString(), "battery swapped", "--utc",
                io.tidemark.common.UtcNanos.toInstant(Scenario.START + 20_000_000_000L).toString()).exitCode());
        Deployment dep = Deployment.open(d, n -> { });
        CliRun r = CliRun.run("summary", d.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode day = Json.MAPPER.readTree(r.out()).get("days").get(0);
        assertEquals(1, Json.MAPPER.readTree(r.out()).get("days").size(), r.out());
        long recorded = dep.sessions().get(0).durationNs() + dep.sessions().get(1).durationNs();
        assertEquals(recorded, day.get("recordedNs").asLong());
        assertEquals(60.0, recorded / 1e9, 0.3); // two 30-s sessions
        assertEquals(dep.gaps().get(0).lengthNs(), day.get("gapNs").asLong());
        assertEquals("crash", day.get("gaps").get(0).get("cause").asText());
        assertEquals(2, day.get("sessionsStarted").asInt());
        assertEquals(96000, day.get("levelSilenceClipEvents").get("channel_silent").get("frames").asLong());
        assertEquals(1, day.get("levelSilenceClipEvents").get("channel_clipping").get("events").asLong());
        assertTrue(day.get("ntpSamples").asLong() > 20, day.toString()); // 2-s polls over 60 s
        assertEquals(recorded * 48_000 / 1_000_000_000L * 4, day.get("audioDataBytes").asLong(), 4 * 48.0);
        assertEquals("battery swapped", day.get("notes").get(0).get("text").asText());
        Path html = tmp.resolve("html");
        CliRun h = CliRun.run("summary", d.toString(), "--html", html.toString());
        assertEquals(0, h.exitCode(), h.err());
        assertTrue(h.err().contains("day pages written"), h.err());
        String page = Files.readString(html.resolve("day-" + day.get("day").asText() + ".html"));
        assertTrue(page.contains("battery swapped") && page.contains("crash") && page.contains("<svg"), page);
        assertTrue(Files.readString(html.resolve("index.html")).contains("<svg"));
    }
}
