package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.app.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.common.Json;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark report} on a simulated session with a dropout, rejected NTP exchanges and clock
 * events: every plot the page shows exists and decodes, and the summary's figures are the data's.
 */
class ReportCommandTest {

    static final long S = 1_000_000_000L;
    @TempDir
    static Path tmp;
    static SimulatedSessionFolder session;
    static Path reportDir;
    static CliRun report;

    @BeforeAll
    static void recordAndReport() throws Exception {
        Scenario s = Scenario.base("report", 150 * S).ntp(4 * S, NetworkPath.of(100_000, 20_000)).device(60, 0)
                .dropouts(List.of(new long[]{70 * S, 3}));
        long[] n = new long[1];
        // Every fourth NTP exchange arrives rejected by the client.
        session = SimulatedSessionFolder.create(tmp, s, 48_000L * 60, x -> n[0]++ % 4 != 3 ? x
                : new NtpSample(x.server(), x.t1Ns(), x.t2Ns(), x.t3Ns(), x.t4Ns(), x.t1MonoRawNs(), x.t4MonoRawNs(),
                x.stratum(), x.refId(), x.leap(), x.offsetNs(), x.delayNs(), false, "delay above the filter"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.dir.resolve("session.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO clock_events (realtime_ns, mono_raw_ns, kind, frequency_ppm, phase_ns, state, detail)"
                    + " SELECT sys_realtime_ns, mono_raw_ns, 'frequency', 12.5, 0, 'LOCK', 'test' FROM buffers WHERE seq IN (500, 1500)");
        }
        reportDir = tmp.resolve("report");
        report = CliRun.run("report", session.dir.toString(), "--out", reportDir.toString(), "--json");
        assertEquals(0, report.exitCode(), report.err());
    }

    @Test
    void everyPlotOnThePageExistsAndDecodes() throws Exception {
        JsonNode j = Json.MAPPER.readTree(report.out());
        String html = Files.readString(reportDir.resolve("index.html"));
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int onPage = 0;
        while (img.find()) {
            BufferedImage png = ImageIO.read(reportDir.resolve(img.group(1)).toFile());
            assertNotNull(png, img.group(1) + " decodes");
            assertTrue(png.getWidth() >= 800 && png.getHeight() >= 300, img.group(1) + " " + png.getWidth() + "x" + png.getHeight());
            onPage++;
        }
        assertEquals(6, onPage, "rate, residuals, NTP offset, NTP delay, sync states, gaps");
        assertEquals(onPage, j.get("plots").size());
        for (JsonNode p : j.get("plots")) {
            String file = p.get("file").asText();
            assertTrue(html.contains("<img src=\"" + file + "\""), file + " is on the page");
            BufferedImage png = ImageIO.read(reportDir.resolve(file).toFile());
            assertEquals(p.get("widthPx").asInt(), png.getWidth());
            assertEquals(p.get("heightPx").asInt(), png.getHeight());
        }
        try (var files = Files.list(reportDir)) {
            assertEquals(onPage + 1, files.count(), "the PNGs and index.html, nothing else");
        }
        assertTrue(report.err().contains("report: wrote rate-ppm.png"), report.err());
    }

    @Test
    void summaryFiguresAreTheDatas() throws Exception {
        JsonNode j = Json.MAPPER.readTree(report.out());
        CliRun q = CliRun.run("query", session.dir.toString(), "--summary", "--json");
        assertEquals(0, q.exitCode(), q.err());
        JsonNode query = Json.MAPPER.readTree(q.out());
        assertEquals(2, j.get("segments").size(), "the dropout splits the session");
        assertEquals(query.get("segments").size(), j.get("segments").size());
        for (int i = 0; i < j.get("segments").size(); i++) {
            double rate = j.get("segments").get(i).get("ratePpm").asDouble();
            assertEquals(query.get("segments").get(i).get("ratePpm").asDouble(), rate, 1e-9);
            assertEquals(60.0, rate, 1.0, "the simulated device runs 60 ppm fast");
        }
        assertEquals(1, j.get("gaps").size());
        assertEquals(3 * 1024, j.get("gaps").get(0).get("lostSamples").asLong(), 2.0, "3 buffers of 1024 frames lost");
        assertEquals(query.get("syncStates"), j.get("syncStates"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.dir.resolve("session.db"));
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*), sum(accepted) FROM ntp_samples")) {
            r.next();
            assertEquals(r.getLong(1), j.get("ntp").get("exchanges").asLong());
            assertEquals(r.getLong(2), j.get("ntp").get("accepted").asLong());
            assertTrue(j.get("ntp").get("rejected").asLong() >= 8, report.out());
        }
        assertEquals(2, j.get("clockEvents").asInt());
    }

    @Test
    void aUsedFolderIsRefusedAndLeftAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(reportDir.resolve("index.html"));
        CliRun again = CliRun.run("report", session.dir.toString(), "--out", reportDir.toString());
        assertTrue(again.userErrorLine().contains("already holds files"), again.err());
        assertArrayEquals(before, Files.readAllBytes(reportDir.resolve("index.html")));
    }

    @Test
    void emptySessionIsOneLineErrorAndWritesNothing() throws Exception {
        Path dir = tmp.resolve("empty");
        Files.createDirectories(dir);
        TimestampStore.create(dir, new SessionInfo("empty", "sim", 2, 48_000, 16, 4800, "h", "v", "{}", true,
                Scenario.START, 0, null, null, null)).close();
        Path out = tmp.resolve("empty-report");
        CliRun r = CliRun.run("report", dir.toString(), "--out", out.toString());
        assertTrue(r.userErrorLine().contains("no audio buffers"), r.err());
        assertFalse(Files.exists(out), "no report folder for an empty session");
    }
}
