package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The station as a child process on the simulated device, driven and read over its HTTP API. */
class StationServiceTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws Exception {
        for (Process p : children) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path config(String device, int port, String tokenFile) throws IOException {
        Path dep = dir.resolve("deployment");
        Files.createDirectories(dep);
        Path f = dir.resolve("station.json");
        Files.writeString(f, "{\"device\":\"" + device + "\",\"channels\":8,\"rateHz\":48000,\"format\":\"f32\","
                + "\"bufferMs\":100,\"deployment\":\"" + dep + "\","
                + "\"channelNames\":[\"BOND6\",\"FAR3\",\"TRI6\",\"TRI7C\",\"BOND1\",\"ROST2\",\"TRI2\",\"Bjorn1\"],"
                + "\"api\":{\"bind\":\"127.0.0.1\",\"port\":" + port + ",\"tokenFile\":"
                + (tokenFile == null ? "null" : "\"" + tokenFile + "\"") + "}}");
        return f;
    }

    private Process station(Path cfg) throws IOException {
        Process p = CliRun.start(dir.resolve("station.log"), "station", "run", "--config", cfg.toString());
        children.add(p);
        return p;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /api/status until {@code until} holds (30 s at most). */
    private JsonNode statusWhen(int port, Predicate<JsonNode> until) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = get(port, "/api/status");
                if (r.statusCode() == 200) {
                    last = Json.MAPPER.readTree(r.body());
                    if (until.test(last)) {
                        return last;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("status never reached the expected state; last: " + last + "\nlog:\n"
                + Files.readString(dir.resolve("station.log")));
        return null;
    }

    @Test
    void apiAgreesWithTheDatabaseAndStopStartNeedTheToken() throws Exception {
        int port = freePort();
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cret-token\n");
        Process p = station(config("sim", port, token.toString()));
        JsonNode st = statusWhen(port, s -> s.path("recording").asBoolean() && s.path("framesRecorded").asLong() > 96000);
        String sessionId = st.get("sessionId").asText();
        Path sessionDir = dir.resolve("deployment").resolve(sessionId);
        try (SessionReader r = SessionReader.open(sessionDir)) {
            SessionInfo info = r.session();
            assertEquals(sessionId, info.sessionId());
            assertEquals(8, info.channels());
            assertEquals(48000, info.sampleRateHz());
        }
        assertTrue(st.get("diskFreeBytes").asLong() > 0, st.toString());
        // No NTP server, no PTP, no discipline: the sync fields say so (the simulated-time test below has NTP).
        assertEquals("NONE", st.get("syncState").asText(), st.toString());
        assertEquals("off", st.get("disciplineMode").asText(), st.toString());
        assertTrue(st.get("ntpSource").isNull() && st.get("ptpGrandmaster").isNull() && st.get("ptpRatePpm").isNull());
        assertTrue(!st.get("servingNtp").asBoolean() && st.get("recordingBeganBeforeSync").asBoolean(), st.toString());

        // The simulated signal (SimulatedSignal): channel 1 a sine of amplitude 2.0 (f32 keeps it), channels 2..7
        // sines of 0.01, and the last channel one full-scale click a second (peak 0 dBFS, RMS 1/sqrt(48000)).
        JsonNode levels = Json.MAPPER.readTree(get(port, "/api/levels").body());
        JsonNode channels = levels.isArray() ? levels : levels.path("channels");
        assertEquals(8, channels.size(), levels.toString());
        for (JsonNode c : channels) {
            int ch = c.get("channel").asInt();
            if (ch == 8) {
                // one click of 1.0 in 48000 samples: a DC offset of 1/48000 of full scale (-93.6 dBFS)
                assertEquals(1.0 / 48000, c.get("dcOffsetFullScale").asDouble(), 1e-7, c.toString());
                assertEquals(20 * Math.log10(1.0 / 48000), c.get("dcOffsetDbfs").asDouble(), 0.1, c.toString());
                assertEquals(0.0, c.get("peakDbfs").asDouble(), 0.5, c.toString());
                assertEquals(10 * Math.log10(1.0 / 48000), c.get("rmsDbfs").asDouble(), 0.5, c.toString());
                assertEquals(1, c.get("clippedSamples").asLong(), c.toString());
                continue;
            }
            double amplitude = ch == 1 ? 2.0 : 0.01;
            double peak = 20 * Math.log10(amplitude);
            double rms = 20 * Math.log10(amplitude / Math.sqrt(2));
            assertEquals(peak, c.get("peakDbfs").asDouble(), 0.5, c.toString());
            assertEquals(rms, c.get("rmsDbfs").asDouble(), 0.5, c.toString());
            assertTrue(Math.abs(c.get("dcOffsetFullScale").asDouble()) < 1e-6, "a whole number of sine periods: " + c);
        }
        assertEquals("BOND6", channels.get(0).get("name").asText());

        // tidemark status without SESSION asks the station.
        CliRun cli = CliRun.run("status", "--station", "http://127.0.0.1:" + port, "--json");
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(Json.MAPPER.readTree(cli.out()).get("recording").asBoolean(), cli.out());
        assertEquals(sessionId, Json.MAPPER.readTree(cli.out()).get("sessionId").asText());

        // promtool accepts the metrics.
        String metrics = get(port, "/metrics").body();
        assertTrue(metrics.contains("tidemark_device_present 1"), metrics);
        Path m = dir.resolve("metrics.txt");
        Files.writeString(m, metrics);
        Process promtool;
        try {
            promtool = new ProcessBuilder("sh", "-c", "promtool check metrics < " + m).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing: install prometheus (Debian package) to run this test");
        }
        String out = new String(promtool.getInputStream().readAllBytes());
        assertEquals(0, promtool.waitFor(), "promtool check metrics: " + out);

        // Without the token nothing changes.
        assertEquals(401, post(port, "/api/recording/stop", null).statusCode());
        assertEquals(401, post(port, "/api/recording/stop", "wrong").statusCode());
        assertTrue(statusWhen(port, s -> true).get("recording").asBoolean());

        // With it: stopped by the user, then a new session.
        assertEquals(200, post(port, "/api/recording/stop", "s3cret-token").statusCode());
        statusWhen(port, s -> !s.get("recording").asBoolean());
        try (SessionReader r = SessionReader.open(sessionDir)) {
            assertEquals("user_stopped", r.session().stopReason());
        }
        assertEquals(200, post(port, "/api/recording/start", "s3cret-token").statusCode());
        JsonNode again = statusWhen(port, s -> s.path("recording").asBoolean());
        assertNotEquals(sessionId, again.get("sessionId").asText());

        // SIGTERM ends the second session cleanly.
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "station exits on SIGTERM");
        try (SessionReader r = SessionReader.open(dir.resolve("deployment").resolve(again.get("sessionId").asText()))) {
            assertEquals("interrupted", r.session().stopReason());
        }
    }

    @Test
    void systemdHearsReadyOnceTheFirstBufferIsStoredThenWatchdogs() throws Exception {
        Path socket = dir.resolve("notify");
        Process receiver = SystemdNotifierTest.receiver(socket.toString(), 3);
        ProcessBuilder pb = new ProcessBuilder(CliRun.command(List.of("station", "run", "--config",
                config("sim", freePort(), null).toString()))).redirectErrorStream(true)
                .redirectOutput(dir.resolve("station.log").toFile());
        pb.environment().put("NOTIFY_SOCKET", socket.toString());
        children.add(pb.start());
        List<String> got = SystemdNotifierTest.lines(receiver);
        assertTrue(got.get(0).startsWith("'READY=1\\nSTATUS=recording "), got.toString());
        assertEquals("'WATCHDOG=1'", got.get(1), got.toString());
        assertEquals("'WATCHDOG=1'", got.get(2), got.toString());
    }

    @Test
    void anAbsentDeviceIsRetriedAndReportedNotFatal() throws Exception {
        int port = freePort();
        Process p = station(config("alsa:tidemark-no-such-card", port, null));
        JsonNode st = statusWhen(port, s -> s.path("health").toString().contains("device absent"));
        assertTrue(!st.get("recording").asBoolean(), st.toString());
        assertTrue(get(port, "/metrics").body().contains("tidemark_device_present 0"));
        Thread.sleep(2500);
        assertTrue(p.isAlive(), "still running, retrying");
        String log = Files.readString(dir.resolve("station.log"));
        assertTrue(log.contains("retrying in"), log);
    }

    @Test
    void badInputIsOneLineEach() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"device\": \"sim\",");
        assertTrue(CliRun.run("station", "run", "--config", f.toString()).userErrorLine().contains("not valid JSON"));
        Files.writeString(f, "{\"device\":\"sim\",\"deployment\":\"" + dir + "\",\"bogus\":1}");
        assertTrue(CliRun.run("station", "run", "--config", f.toString()).userErrorLine().contains("\"bogus\""));

        // A deployment folder that cannot be made (below a plain file; root may write anywhere else).
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        Files.writeString(f, "{\"device\":\"sim\",\"deployment\":\"" + file.resolve("dep") + "\",\"api\":{\"port\":0}}");
        String line = CliRun.run("station", "run", "--config", f.toString()).userErrorLine();
        assertTrue(line.contains("dep"), line);

        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(f, "{\"device\":\"sim\",\"deployment\":\"" + dir.resolve("d2") + "\",\"api\":{\"port\":"
                    + busy.getLocalPort() + "}}");
            Files.createDirectories(dir.resolve("d2"));
            line = CliRun.run("station", "run", "--config", f.toString()).userErrorLine();
            assertTrue(line.contains("cannot listen"), line);
        }
        Files.writeString(f, "{\"device\":\"sim\",\"deployment\":\"" + dir.resolve("d2") + "\",\"api\":{\"bind\":\"0.0.0.0\"}}");
        line = CliRun.run("station", "run", "--config", f.toString()).userErrorLine();
        assertTrue(line.contains("without a token file"), line);
        line = CliRun.run("status", "--station", "http://127.0.0.1:" + freePort()).userErrorLine();
        assertTrue(line.contains("no station answers"), line);
    }

    @Test
    void inSimulatedTimeTheSyncFieldsAreTheEnginesAndTheDatabasesNtp() throws Exception {
        Path dep = dir.resolve("sim-deployment");
        Files.createDirectories(dep);
        Path f = dir.resolve("sim.json");
        Files.writeString(f, "{\"device\":\"sim\",\"channels\":2,\"rateHz\":48000,\"format\":\"s16\","
                + "\"deployment\":\"" + dep + "\",\"api\":{\"port\":0},\"ntpPoll\":\"16s\","
                + "\"simulatedTime\":true,\"simStart\":\"2026-11-21T00:00:00Z\"}");
        StationConfig config = StationConfig.read(f);
        JsonNode status;
        try (StationService station = new StationService(config, n -> { }, SystemdNotifier.fromEnvironment())) {
            station.open();
            Thread runner = new Thread(() -> {
                try {
                    station.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            while (runner.isAlive() && station.status().elapsedNs() < 1_200_000_000_000L) {
                Thread.sleep(2);
            }
            station.shutdown();
            runner.join(30_000);
            status = Json.MAPPER.valueToTree(station.status());
        }
        assertEquals("NTP", status.get("syncState").asText(), status.toString());
        assertEquals("sim-ntp:123", status.get("ntpSource").asText(), status.toString());
        assertEquals(1, status.get("ntpStratum").asInt(), "the simulated server is a stratum-1 GPS clock");
        long ageNs = status.get("ntpLastSampleAgeNs").asLong();
        assertTrue(ageNs >= 0 && ageNs < StationService.NTP_LOST_POLLS * 16_000_000_000L,
                "polled every 16 s, not lost: " + status);
        assertEquals("off", status.get("disciplineMode").asText());
        assertTrue(!status.get("servingNtp").asBoolean() && status.get("recordingBeganBeforeSync").asBoolean());
        assertTrue(status.get("ptpGrandmaster").isNull() && status.get("ptpRatePpm").isNull(), status.toString());
        Path session;
        try (var s = Files.list(dep)) {
            session = s.filter(p -> Files.isRegularFile(p.resolve("session.db"))).findFirst().orElseThrow();
        }
        // The offset and delay shown are one of the last accepted exchanges the session stored.
        boolean found = false;
        try (SessionReader r = SessionReader.open(session); var st = r.connection().createStatement();
             var q = st.executeQuery("SELECT server, offset_ns, delay_ns, stratum FROM ntp_samples WHERE accepted <> 0"
                     + " ORDER BY id DESC LIMIT 16")) {
            while (q.next()) {
                found |= q.getString(1).equals(status.get("ntpSource").asText())
                        && q.getLong(2) == status.get("ntpOffsetNs").asLong()
                        && q.getLong(3) == status.get("ntpDelayNs").asLong() && q.getInt(4) == 1;
            }
        }
        assertTrue(found, "status's NTP offset and delay are among the last accepted samples stored: " + status);
    }
}
