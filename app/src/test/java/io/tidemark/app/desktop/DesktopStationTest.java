package io.tidemark.app.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tidemark.app.desktop.DesktopAppTest.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The must-shows: TestFX drives the real app, in this JVM on an Xvfb display, against a real
 * {@code tidemark station run} child JVM recording the simulated device (8 channels f32 of tones: channel 1 at
 * ±2.0 = +6.0 dBFS peak, channels 2–7 at 0.01 = −40.0 dBFS peak, −43.0 dBFS RMS; channel 8 carries only the
 * one-sample sync click each second, RMS −46.8 dBFS, which health.silentDbfs −45 counts as silence). The
 * tests run in order on one station: meters, stop, start (and silence in the new session), kill and restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopStationTest {

    static final Path SNAPSHOTS = Path.of("target", "snapshots");
    static final long SILENT_FOR_NS = 3_000_000_000L;

    private final FxRobot robot = new FxRobot();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path dir;
    private Path deployment;
    private Path config;
    private int port;
    private Process station;
    private int run;
    private DesktopApp app;
    private String firstSession;

    @BeforeAll
    void startStationAndApp() throws Exception {
        XvfbDisplay.fx();
        dir = Files.createTempDirectory("desktop-station");
        deployment = Files.createDirectories(dir.resolve("deployment"));
        Path tokenFile = dir.resolve("api.token");
        Files.writeString(tokenFile, "s3cret-token\n");
        port = freePort();
        config = dir.resolve("station.json");
        Files.writeString(config, "{\"device\":\"sim\",\"channels\":8,\"rateHz\":48000,\"format\":\"f32\",\"bufferMs\":100,"
                + "\"deployment\":\"" + deployment + "\",\"segment\":\"600s\","
                + "\"channelNames\":[\"BOND6\",\"FAR3\",\"TRI6\",\"TRI7C\",\"BOND1\",\"ROST2\",\"TRI2\",\"Bjorn1\"],"
                + "\"api\":{\"bind\":\"127.0.0.1\",\"port\":" + port + ",\"tokenFile\":\"" + tokenFile + "\"},"
                + "\"health\":{\"silentDbfs\":-45,\"silentFor\":\"3s\"}}");
        startStation();
        firstSession = status().path("sessionId").asText();
        app = new DesktopApp(new DesktopApp.Options(URI.create("http://127.0.0.1:" + port), "s3cret-token", deployment,
                null, "live", Duration.ofSeconds(1)));
        fx(() -> app.show(new Stage()));
        await("connected", 20, () -> "connected".equals(fx(() -> app.live.connection.getText())));
    }

    @AfterAll
    void stopAll() throws Exception {
        if (app != null) {
            fx(() -> {
                app.stage.close();
                return null;
            });
        }
        if (station != null) {
            station.destroy();
            if (!station.waitFor(20, TimeUnit.SECONDS)) {
                station.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void metersShowTheSimulatedTonesWithinOneDb() throws Exception {
        await("8 meters drawn", 20, () -> app.live.meters().shown().size() == 8);
        Thread.sleep(1500); // a full one-second window of audio behind the readings
        List<ChannelReading> shown = app.live.meters().shown();
        assertEquals("BOND6", shown.get(0).name());
        assertEquals(6.02, shown.get(0).peakDbfs(), 1.0, "channel 1 peak: " + shown.get(0));
        assertEquals(3.01, shown.get(0).rmsDbfs(), 1.0, "channel 1 RMS: " + shown.get(0));
        for (int i = 1; i < 7; i++) {
            assertEquals(-40.0, shown.get(i).peakDbfs(), 1.0, "channel " + (i + 1) + " peak: " + shown.get(i));
            assertEquals(-43.01, shown.get(i).rmsDbfs(), 1.0, "channel " + (i + 1) + " RMS: " + shown.get(i));
            assertTrue(MeterCanvas.valueText(shown.get(i), true).contains("-40.0"), MeterCanvas.valueText(shown.get(i), true));
        }
        assertTrue(fx(() -> app.live.recording.getText()).contains(firstSession));
        snapshot("live.png");
    }

    @Test
    @Order(2)
    void stopAfterConfirmationEndsTheSessionAsUserStoppedWithClosedFiles() throws Exception {
        await("stop enabled", 10, () -> !fx(() -> app.live.stop.isDisabled()));
        robot.clickOn("#stop");
        await("confirmation", 10, () -> fx(DesktopStationTest::dialog) != null);
        String text = fx(() -> dialog().getContentText());
        assertTrue(text.contains(firstSession), "the dialog names what it stops: " + text);
        assertTrue(status().path("recording").asBoolean(), "nothing stops before confirmation");
        robot.clickOn(fx(() -> dialog().lookupButton(ButtonType.OK)));
        await("station stopped", 20, () -> !status().path("recording").asBoolean());
        Path session = sessionDir(firstSession);
        await("stop recorded", 10, () -> stopReason(session) != null);
        assertEquals("user_stopped", stopReason(session));
        long frames;
        try (SessionReader r = SessionReader.open(session)) {
            frames = r.frames();
        }
        long inFiles = 0;
        List<Path> wavs;
        try (Stream<Path> s = Files.walk(session)) {
            wavs = s.filter(f -> f.toString().endsWith(".wav")).toList();
        }
        assertFalse(wavs.isEmpty());
        for (Path wav : wavs) {
            try (BwfReader b = BwfReader.open(wav)) {
                assertFalse(b.truncated(), wav + ": header length matches the data on disk");
                inFiles += b.frames();
            }
        }
        assertTrue(frames > 0);
        assertEquals(frames, inFiles, "the closed files hold every frame the database has");
        await("app shows stopped", 10, () -> fx(() -> app.live.recording.getText()).startsWith("stopped"));
    }

    @Test
    @Order(3)
    void startBeginsANewSessionAndItsClickOnlyChannelTurnsSilentInTheDetectionWindow() throws Exception {
        await("start enabled", 10, () -> !fx(() -> app.live.start.isDisabled()));
        long clickedNs = System.nanoTime();
        robot.clickOn("#start");
        await("recording again", 20, () -> status().path("recording").asBoolean());
        String second = status().path("sessionId").asText();
        assertNotEquals(firstSession, second);
        await("app shows the new session", 10, () -> fx(() -> app.live.recording.getText()).contains(second));
        // The new session's detectors start afresh: its first levels show channel 8 not (yet) silent.
        await("the new session's levels", 10, () -> {
            List<ChannelReading> shown = app.live.meters().shown();
            return shown.size() == 8 && !shown.get(7).silent();
        });
        await("channel 8 silent", 20, () -> {
            List<ChannelReading> shown = app.live.meters().shown();
            return shown.size() == 8 && shown.get(7).silent();
        });
        long tookNs = System.nanoTime() - clickedNs;
        System.out.printf("channel 8 shown silent %.2f s after Start (silentFor %.0f s)%n", tookNs / 1e9, SILENT_FOR_NS / 1e9);
        assertTrue(tookNs >= SILENT_FOR_NS, "silent before the detection window ended: " + tookNs / 1e9 + " s");
        // window: silentFor, plus the one-second level window, the stream's 200 ms and the session start
        assertTrue(tookNs <= SILENT_FOR_NS + 3_000_000_000L, "silent shown only after " + tookNs / 1e9 + " s");
        await("health says it", 5, () -> fx(() -> app.live.health.getText()).contains("channel 8 silent"));
        for (int i = 0; i < 7; i++) {
            assertFalse(app.live.meters().shown().get(i).silent(), "channel " + (i + 1) + " has its tone");
        }
    }

    @Test
    @Order(4)
    void killingTheStationShowsDisconnectedAndARestartReconnectsByItself() throws Exception {
        station.destroyForcibly(); // SIGKILL
        assertTrue(station.waitFor(10, TimeUnit.SECONDS));
        await("disconnected", 10, () -> "disconnected".equals(fx(() -> app.live.connection.getText())));
        assertTrue(fx(() -> app.live.recording.getText()).startsWith("last known"), "the panel says its state is stale");
        assertTrue(fx(() -> app.live.stop.isDisabled() && app.live.start.isDisabled()), "nothing to start or stop meanwhile");
        Thread.sleep(300);
        snapshot("live-disconnected.png");
        startStation();
        await("reconnected", 20, () -> "connected".equals(fx(() -> app.live.connection.getText())));
        String third = status().path("sessionId").asText();
        await("app shows the restarted station's session", 10, () -> fx(() -> app.live.recording.getText()).contains(third));
        await("meters again", 10, () -> app.live.meters().shown().size() == 8 && app.live.meters().connected());
    }

    @Test
    @Order(5)
    void snapshotsOfTheDeploymentAndToolsViews() throws Exception {
        fx(() -> {
            app.deployment.refresh.fire();
            app.select("deployment");
            return null;
        });
        Thread.sleep(300);
        assertTrue(fx(() -> String.join("\n", app.deployment.timeline.getItems())).contains(firstSession));
        snapshot("deployment.png");
        fx(() -> {
            app.select("tools");
            return null;
        });
        Thread.sleep(300);
        snapshot("tools.png");
    }

    private void startStation() throws Exception {
        Path log = dir.resolve("station-" + run++ + ".log");
        station = CliRun.start(log, "station", "run", "--config", config.toString());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                JsonNode s = status();
                if (s.path("recording").asBoolean() && s.path("framesRecorded").asLong() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > end || !station.isAlive()) {
                station.destroyForcibly();
                fail("the station did not start recording:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private Path sessionDir(String sessionId) throws Exception {
        try (Stream<Path> s = Files.walk(deployment, 2)) {
            for (Path db : s.filter(f -> f.getFileName().toString().equals("session.db")).toList()) {
                try (SessionReader r = SessionReader.open(db.getParent())) {
                    if (r.session().sessionId().equals(sessionId)) {
                        return db.getParent();
                    }
                }
            }
        }
        throw new AssertionError("no session folder of " + sessionId + " in " + deployment);
    }

    private static String stopReason(Path session) throws Exception {
        try (SessionReader r = SessionReader.open(session)) {
            SessionInfo s = r.session();
            return s.stopRealtimeNs() == null ? null : s.stopReason();
        }
    }

    private void snapshot(String name) throws Exception {
        Path png = SNAPSHOTS.resolve(name);
        fx(() -> {
            app.snapshot(png);
            return null;
        });
        assertTrue(Files.size(png) > 5_000, "a rendered window, not a blank");
    }

    static DialogPane dialog() {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane d) {
                return d;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void await(String what, int seconds, DesktopAppTest.Check c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                if (c.ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // the station is not answering yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
