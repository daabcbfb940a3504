package io.tidemark.app.desktop;

import io.tidemark.app.CliRun;
import io.tidemark.app.station.api.ApiSettings;
import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.ControlApi;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real app, in this JVM, on an Xvfb display, against the control API served in-process by a
 * {@link FakeStation}, on a simulated deployment folder (one session with a time model): what the real-station
 * {@link DesktopStationTest} cannot show quickly — closing never stops, the sync panel's dashes, Query, Export
 * against the CLI, field notes.
 */
class DesktopAppTest {

    static final Path SNAPSHOTS = Path.of("target", "snapshots");

    FakeStation station;
    ControlApi api;
    DesktopApp app;
    Path tokenFile;
    Path deploymentDir;
    final org.testfx.api.FxRobot robot = new org.testfx.api.FxRobot();

    @BeforeAll
    static void display() throws Exception {
        XvfbDisplay.fx();
    }

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        station = new FakeStation();
        Path deployment = Files.createDirectories(dir.resolve("deployment"));
        deploymentDir = deployment;
        io.tidemark.analysis.SimulatedSessionFolder.create(deployment,
                io.tidemark.sync.sim.SyntheticStampSeries.Scenario.base("desktop", 20_000_000_000L), 48_000L * 60, x -> x);
        tokenFile = dir.resolve("api.token");
        Files.writeString(tokenFile, "s3cret-token\n");
        api = ControlApi.start(new ApiSettings("127.0.0.1", 0, tokenFile), station);
        URI url = URI.create("http://127.0.0.1:" + api.address().getPort());
        app = new DesktopApp(new DesktopApp.Options(url, "s3cret-token", deployment, null, "live", Duration.ofSeconds(1)));
        fx(() -> app.show(new Stage()));
        await("connected", () -> "connected".equals(fx(() -> app.live.connection.getText())));
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            app.stage.close();
            return null;
        });
        api.close();
    }

    @Test
    void theSyncPanelShowsADashForWhatTheStationDoesNotReport() throws Exception {
        await("status shown", () -> fx(() -> app.live.sync.getText()).contains("state          NTP"));
        String text = fx(() -> app.live.sync.getText());
        assertTrue(text.contains("NTP source     clockpi.local"), text);
        assertTrue(text.contains("NTP offset     -0.012 ms"), text);
        assertTrue(text.contains("PTP master     —"), text);
        // servingNtp is a boolean the station always reports (false here), never a dash
        assertTrue(text.contains("serving NTP    no"), text);
    }

    @Test
    void anExportFromTheToolsViewIsByteIdenticalToTheClis() throws Exception {
        Path session;
        try (var s = Files.list(deploymentDir)) {
            session = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        long firstNs = io.tidemark.analysis.model.TimeModelStore.loadOrFit(session, false, n -> { }).model().utcNsAt(0);
        String from = io.tidemark.common.UtcNanos.toInstant(firstNs + 2_000_000_000L).toString();
        String to = io.tidemark.common.UtcNanos.toInstant(firstNs + 12_000_000_000L).toString();
        Path appOut = Files.createDirectories(deploymentDir.resolveSibling("from-app")).resolve("cut.wav");
        Path cliOut = Files.createDirectories(deploymentDir.resolveSibling("from-cli")).resolve("cut.wav");
        fx(() -> {
            app.select("tools");
            ExportPane e = app.tools.exportPane;
            e.from.setText(from);
            e.to.setText(to);
            e.channels.setText("1,2");
            e.resample.setSelected(true);
            e.out.setText(appOut.toString());
            return null;
        });
        robot.clickOn(fx(() -> app.tools.exportPane.export));
        await("export done", () -> fx(() -> app.tools.exportPane.result.getText()).startsWith("wrote"));
        assertEquals(1.0, fx(() -> app.tools.exportPane.progress.getProgress()), 1e-9, "the progress bar reached 100 %");
        snapshot("tools-export.png");
        CliRun cli = CliRun.run("export", deploymentDir.toString(), "--from", from, "--to", to, "--channels", "1,2",
                "--resample", "--out", cliOut.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(Files.size(appOut) > 10 * 48_000 * 2 * 2, "ten seconds of two channels: " + Files.size(appOut));
        assertArrayEquals(Files.readAllBytes(cliOut), Files.readAllBytes(appOut), "the app's export is the CLI's, byte for byte");
    }

    @Test
    void alignFromTheToolsViewShowsTheVideoStartAndWritesTheClisClipAndMux() throws Exception {
        Path session;
        try (var s = Files.list(deploymentDir)) {
            session = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        long firstNs = io.tidemark.analysis.model.TimeModelStore.loadOrFit(session, false, n -> { }).model().utcNsAt(0);
        long videoStartNs = firstNs / 1000 * 1000 + 5_123_456_000L; // MKV keeps whole microseconds
        Path work = Files.createDirectories(deploymentDir.resolveSibling("align"));
        Path mkv = work.resolve("v.mkv");
        Process ff;
        try {
            ff = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25",
                    "-t", "3", "-metadata", "creation_time=" + io.tidemark.common.UtcNanos.toInstant(videoStartNs), mkv.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("ffmpeg is missing: install the Debian package ffmpeg to run this test");
        }
        String ffOut = new String(ff.getInputStream().readAllBytes());
        assertEquals(0, ff.waitFor(), ffOut);
        // the same name in two folders: the file's name is in its own iXML
        Path appClip = Files.createDirectories(work.resolve("app")).resolve("clip.wav");
        Path appMux = work.resolve("app").resolve("clip.mkv");
        Path cliClip = Files.createDirectories(work.resolve("cli")).resolve("clip.wav");
        fx(() -> {
            app.select("tools");
            AlignPane a = app.tools.alignPane;
            a.video.setText(mkv.toString());
            a.out.setText(appClip.toString());
            a.mux.setText(appMux.toString());
            return null;
        });
        robot.clickOn(fx(() -> app.tools.alignPane.align));
        await("align done", () -> fx(() -> app.tools.alignPane.result.getText()).startsWith("wrote"));
        String start = fx(() -> app.tools.alignPane.start.getText());
        assertTrue(start.contains("(utcNs " + videoStartNs + ")"), start);
        assertTrue(start.contains("from ffprobe creation_time"), start);
        assertEquals(1.0, fx(() -> app.tools.alignPane.progress.getProgress()), 1e-9);
        assertTrue(Files.size(appMux) > 0, "the muxed copy of the video");
        snapshot("tools-align.png");
        CliRun cli = CliRun.run("align", deploymentDir.toString(), "--video", mkv.toString(), "--out", cliClip.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertArrayEquals(Files.readAllBytes(cliClip), Files.readAllBytes(appClip), "the app's clip is the CLI's, byte for byte");
    }

    @Test
    void cancelEndsAnExportAndLeavesNoHalfFile() throws Exception {
        Path session;
        try (var s = Files.list(deploymentDir)) {
            session = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        long firstNs = io.tidemark.analysis.model.TimeModelStore.loadOrFit(session, false, n -> { }).model().utcNsAt(0);
        Path out = Files.createDirectories(deploymentDir.resolveSibling("cancelled")).resolve("cut.wav");
        fx(() -> {
            app.select("tools");
            ExportPane e = app.tools.exportPane;
            e.from.setText(io.tidemark.common.UtcNanos.toInstant(firstNs + 1_000_000_000L).toString());
            e.to.setText(io.tidemark.common.UtcNanos.toInstant(firstNs + 19_000_000_000L).toString());
            e.resample.setSelected(true); // 18 s of all channels through the sinc kernel: about a second of work
            e.out.setText(out.toString());
            e.export.fire();
            return null;
        });
        await("cancel enabled", () -> !fx(() -> app.tools.exportPane.cancel.isDisabled()));
        robot.clickOn(fx(() -> app.tools.exportPane.cancel));
        await("export ended", () -> !fx(() -> app.tools.exportPane.export.isDisabled()));
        assertEquals("cancelled; nothing written", fx(() -> app.tools.exportPane.result.getText()));
        assertFalse(Files.exists(out), "no half-written file left");
    }

    @Test
    void anExportErrorIsOneLine() throws Exception {
        String line = fx(() -> {
            app.select("tools");
            ExportPane e = app.tools.exportPane;
            e.from.setText("yesterday");
            e.to.setText("2026-01-01T00:00:00Z");
            e.out.setText("/tmp/never.wav");
            e.export.fire();
            return e.result.getText();
        });
        assertTrue(line.startsWith("cannot read 'yesterday' as a UTC instant; write it as ISO-8601"), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void aFieldNoteAddedInTheDeploymentViewIsInTheTimelineAndTheNotesFile() throws Exception {
        fx(() -> {
            app.select("deployment");
            app.deployment.noteText.setText("windshield back on BOND6");
            return null;
        });
        robot.clickOn(fx(() -> app.deployment.addNote));
        await("note in the timeline", () -> fx(() -> String.join("\n", app.deployment.timeline.getItems()))
                .contains("note: windshield back on BOND6"));
        var notes = io.tidemark.analysis.deployment.FieldNotes.read(deploymentDir).notes();
        assertEquals(1, notes.size());
        assertEquals("windshield back on BOND6", notes.get(0).text());
    }

    @Test
    void closingTheWindowNeverStopsTheRecording() throws Exception {
        fx(() -> {
            app.stage.close();
            return null;
        });
        Thread.sleep(500);
        assertEquals(0, station.stops);
        assertTrue(station.recording);
    }

    @Test
    void snapshotsOfDeploymentAndToolsViews() throws Exception {
        fx(() -> {
            app.select("deployment");
            return null;
        });
        assertTrue(fx(() -> app.deployment.summary.getText()).contains("20261119T000000Z-sim"));
        robot.clickOn(fx(() -> app.deployment.report));
        await("plots shown", () -> fx(() -> app.deployment.plots.getChildren().size()) >= 2);
        String summary = fx(() -> app.deployment.summary.getText());
        assertTrue(summary.contains("segment  from"), summary);
        assertTrue(summary.matches("(?s).*\\n      0  .*ms.*"), "segment 0's rate and residual: " + summary);
        snapshot("deployment-sim.png");
        fx(() -> {
            app.select("tools");
            return null;
        });
        String line = fx(() -> {
            app.tools.sample.setText("48000");
            app.tools.query.fire();
            return app.tools.answer.getText();
        });
        long expected = io.tidemark.analysis.model.TimeModelStore.loadOrFit(
                Path.of(fx(() -> app.tools.session.getText())), false, n -> { }).model().utcNsAt(48_000);
        assertTrue(line.contains("(utcNs " + expected + ")"), line);
        snapshot("tools-query.png");
    }

    private void snapshot(String name) throws Exception {
        Path png = SNAPSHOTS.resolve(name);
        fx(() -> {
            app.snapshot(png);
            return null;
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertTrue(Files.size(png) > 5_000, "a rendered window, not a blank");
    }

    private static DialogPane dialog() {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().getRoot() instanceof DialogPane d) {
                return d;
            }
        }
        return null;
    }

    static <T> T fx(Callable<T> c) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return c.call();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
