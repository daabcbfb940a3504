package io.tidemark.app.station.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlApiTest {

    /** A station whose state the test sets, and which counts what the API asked of it. */
    static final class FakeStation implements StationView {
        volatile boolean recording = true;
        volatile int stops;
        volatile int starts;
        final List<StationEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public StationStatus status() {
            return new StationStatus(recording ? "20261204T120000Z" : null, recording, 90_000_000_000L, 4_320_000L, 1,
                    50_000_000_000L, 3 * 86_400L, "NTP", "clockpi.local", -12_345L,
                    recording ? List.of("channel 8 silent") : List.of());
        }

        @Override
        public List<ChannelReading> levels() {
            return List.of(new ChannelReading(1, "BOND6", -40.0, -43.01, 0, false),
                    new ChannelReading(2, "FAR3", 0.0, -3.01, 17, false),
                    new ChannelReading(8, "Bjorn1", -200.0, -200.0, 0, true));
        }

        @Override
        public List<StationEvent> eventsAfter(long afterId, int limit) {
            return events.stream().filter(e -> e.id() > afterId).limit(limit).toList();
        }

        @Override
        public boolean stopRecording() {
            stops++;
            boolean was = recording;
            recording = false;
            return was;
        }

        @Override
        public boolean startRecording() {
            starts++;
            boolean was = recording;
            recording = true;
            return !was;
        }
    }

    FakeStation station;
    ControlApi api;
    Path tokenFile;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        station = new FakeStation();
        station.events.add(new StationEvent(1, 1_796_000_000_000_000_000L, "session_started", "20261204T120000Z"));
        tokenFile = Files.writeString(dir.resolve("api-token"), "s3cret-token\n");
        api = ControlApi.start(new ApiSettings("127.0.0.1", 0, tokenFile), station);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.address().getPort() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusLevelsAndEventsAreWhatTheStationSays() throws Exception {
        HttpResponse<String> r = get("/api/status");
        assertEquals(200, r.statusCode());
        JsonNode s = Json.MAPPER.readTree(r.body());
        assertEquals("20261204T120000Z", s.get("sessionId").asText());
        assertEquals(4_320_000L, s.get("framesRecorded").asLong());
        assertEquals(3 * 86_400L, s.get("diskSecondsLeft").asLong());
        assertEquals(-12_345L, s.get("ntpOffsetNs").asLong());
        assertEquals("channel 8 silent", s.get("health").get(0).asText());

        JsonNode levels = Json.MAPPER.readTree(get("/api/levels").body());
        assertEquals(3, levels.size());
        assertEquals("FAR3", levels.get(1).get("name").asText());
        assertEquals(17, levels.get(1).get("clippedSamples").asLong());
        assertTrue(levels.get(2).get("silent").asBoolean());

        station.events.add(new StationEvent(2, 1_796_000_001_000_000_000L, "device_lost", "F8 unplugged"));
        JsonNode events = Json.MAPPER.readTree(get("/api/events?since=1").body());
        assertEquals(1, events.size());
        assertEquals("device_lost", events.get(0).get("kind").asText());
        assertEquals(2, Json.MAPPER.readTree(get("/api/events").body()).size());
        assertEquals(400, get("/api/events?since=x").statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
        assertEquals(405, post("/api/status", "s3cret-token").statusCode());
    }

    @Test
    void aPostWithoutTheRightTokenGets401AndChangesNothing() throws Exception {
        for (String bearer : new String[]{null, "", "s3cret-toke", "s3cret-token-and-more", "S3CRET-TOKEN"}) {
            HttpResponse<String> r = post("/api/recording/stop", bearer);
            assertEquals(401, r.statusCode(), "token " + bearer);
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        }
        assertEquals(0, station.stops, "the station was never asked to stop");
        assertTrue(station.recording);

        assertEquals(200, post("/api/recording/stop", "s3cret-token").statusCode());
        assertEquals(1, station.stops);
        assertFalse(station.recording);
        assertEquals(409, post("/api/recording/stop", "s3cret-token").statusCode(), "nothing left to stop");
        assertEquals(401, post("/api/recording/start", null).statusCode());
        assertEquals(0, station.starts);
        assertEquals(200, post("/api/recording/start", "s3cret-token").statusCode());
        assertTrue(station.recording);
    }

    @Test
    void withoutATokenFileNothingCanBeChanged() throws Exception {
        try (ControlApi open = ControlApi.start(ApiSettings.loopback(0), station)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + open.address().getPort() + "/api/recording/stop")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("api.tokenFile"), r.body());
        }
        assertEquals(0, station.stops);
    }

    @Test
    void badSettingsAreOneLineRefusals(@TempDir Path dir) throws Exception {
        UserError open = assertThrows(UserError.class,
                () -> ControlApi.start(new ApiSettings("0.0.0.0", 0, null), station));
        assertEquals("refusing to serve the control API on 0.0.0.0 without a token file; set api.tokenFile, or bind 127.0.0.1",
                open.oneLine());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UserError inUse = assertThrows(UserError.class,
                    () -> ControlApi.start(ApiSettings.loopback(taken.getLocalPort()), station));
            assertTrue(inUse.oneLine().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), inUse.oneLine());
            assertFalse(inUse.oneLine().contains("\n"));
        }
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertTrue(assertThrows(UserError.class, () -> ControlApi.start(new ApiSettings("127.0.0.1", 0, empty), station))
                .oneLine().contains("must hold one non-empty line"));
        assertTrue(assertThrows(UserError.class, () -> ControlApi.start(
                new ApiSettings("127.0.0.1", 0, dir.resolve("missing")), station)).oneLine().contains("cannot read"));
    }

    @Test
    void metricsAreValidPrometheusTextAndCarryTheState() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        String text = r.body();
        assertTrue(text.contains("tidemark_session_frames 4320000"), text);
        assertTrue(text.contains("tidemark_channel_rms_dbfs{channel=\"2\",name=\"FAR3\"} -3.01"), text);
        assertTrue(text.contains("tidemark_sync_state{state=\"NTP\"} 1"), text);
        assertTrue(text.contains("tidemark_channel_silent{channel=\"8\",name=\"Bjorn1\"} 1"), text);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + out + "\n" + text);
    }

    @Test
    void theStreamSendsStatusAndLevelsAtTheAskedRateAndNewEvents() throws Exception {
        var con = (java.net.HttpURLConnection) uri("/api/stream?hz=10").toURL().openConnection();
        con.setReadTimeout(5000);
        List<String> kinds = new ArrayList<>();
        long t0 = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(con.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(con.getContentType().startsWith("text/event-stream"));
            String line;
            while ((line = in.readLine()) != null && System.nanoTime() - t0 < 1_500_000_000L) {
                if (line.startsWith("event: ")) {
                    kinds.add(line.substring(7));
                    if (kinds.size() == 6) {
                        station.events.add(new StationEvent(2, 1L, "clock_step", "+0.2 s"));
                    }
                } else if (line.startsWith("data: ")) {
                    Json.MAPPER.readTree(line.substring(6)); // each data line is one JSON document
                }
            }
        } finally {
            con.disconnect();
        }
        long statuses = kinds.stream().filter("status"::equals).count();
        assertTrue(statuses >= 8 && statuses <= 17, "about 15 status events in 1.5 s at 10 Hz: " + statuses);
        assertEquals(statuses, kinds.stream().filter("levels"::equals).count());
        assertEquals(1, kinds.stream().filter("event"::equals).count(), "only the event added while streaming: " + kinds);
    }
}
