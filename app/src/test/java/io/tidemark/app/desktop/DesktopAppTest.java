package io.tidemark.app.desktop;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real app, in this JVM, on an Xvfb display, against the control API served in-process by a
 * {@link FakeStation}. Waits for merge: the station side becomes {@code tidemark station run} as a child.
 */
class DesktopAppTest {

    static final Path SNAPSHOTS = Path.of("target", "snapshots");

    FakeStation station;
    ControlApi api;
    DesktopApp app;
    Path tokenFile;

    @BeforeAll
    static void display() throws Exception {
        XvfbDisplay.ensure();
        DesktopApp.startToolkit();
    }

    @org.junit.jupiter.api.AfterAll
    static void toolkitDown() throws Exception {
        // JavaFX down before the Xvfb goes at JVM exit: GTK exits the JVM with 1 on a lost display
        CompletableFuture<Void> down = new CompletableFuture<>();
        Platform.runLater(() -> down.complete(null));
        down.get(5, TimeUnit.SECONDS);
        Platform.exit();
        Thread.sleep(300);
    }

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        station = new FakeStation();
        Path deployment = Files.createDirectories(dir.resolve("deployment"));
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
    void metersShowTheStationsLevelsAndASilentChannel() throws Exception {
        await("8 meters", () -> app.live.meters().levels().size() == 8);
        List<ChannelReading> shown = app.live.meters().levels();
        for (int i = 0; i < 8; i++) {
            if (FakeStation.PEAK_DBFS[i] > -150) {
                assertEquals(FakeStation.PEAK_DBFS[i], shown.get(i).peakDbfs(), 1.0, "channel " + (i + 1));
            }
        }
        assertTrue(shown.get(5).silent(), "channel 6 silent");
        assertTrue(fx(() -> app.live.recording.getText()).contains(station.sessionId()));
        Thread.sleep(500); // a few animation frames so the snapshot shows the bars
        snapshot("live.png");
    }

    @Test
    void stopAsksNamingTheSessionThenStartBeginsANewOne() throws Exception {
        await("stop enabled", () -> !fx(() -> app.live.stop.isDisabled()));
        Platform.runLater(() -> app.live.stop.fire()); // showAndWait blocks this runnable until the dialog closes
        await("confirmation", () -> fx(() -> dialog() != null));
        String text = fx(() -> dialog().getContentText());
        assertTrue(text.contains("20261204T120000Z-1"), text);
        assertEquals(0, station.stops, "nothing stops before confirmation");
        fx(() -> {
            ((Button) dialog().lookupButton(ButtonType.OK)).fire();
            return null;
        });
        try {
            await("stopped", () -> station.stops == 1 && !station.recording);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; app says: " + fx(() -> app.live.error.getText())
                    + "; dialog still open: " + (fx(() -> dialog()) != null));
        }
        await("start enabled", () -> !fx(() -> app.live.start.isDisabled()));
        fx(() -> {
            app.live.start.fire();
            return null;
        });
        await("started", () -> station.starts == 1 && station.recording);
        await("new session shown", () -> fx(() -> app.live.recording.getText()).contains("20261204T120000Z-2"));
    }

    @Test
    void showsDisconnectedWhenTheStationGoesAndReconnectsByItself() throws Exception {
        int port = api.address().getPort();
        api.close();
        await("disconnected", () -> "disconnected".equals(fx(() -> app.live.connection.getText())));
        Thread.sleep(300);
        snapshot("live-disconnected.png");
        api = ControlApi.start(new ApiSettings("127.0.0.1", port, tokenFile), station);
        await("reconnected", () -> "connected".equals(fx(() -> app.live.connection.getText())));
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
        snapshot("deployment.png");
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
        snapshot("tools.png");
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
