package io.tidemark.app.desktop;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.app.CliRun;
import io.tidemark.app.station.StationChild;
import io.tidemark.common.UtcNanos;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tidemark.app.desktop.DesktopAppTest.fx;
import static io.tidemark.app.desktop.DesktopStationTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app opened on a station alone ({@code --station URL}, no folder) exports through the station's job: TestFX
 * drives the Tools view against a real {@code tidemark station run} child, which has recorded a closed session and
 * records the next meanwhile. The file fetched is the CLI's export of the same span, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopStationExportTest {

    private final FxRobot robot = new FxRobot();
    private Path dir;
    private StationChild station;
    private DesktopApp app;
    private SessionSpan first;

    @BeforeAll
    void stationWithAClosedSessionAndTheAppOnIt() throws Exception {
        XvfbDisplay.fx();
        dir = Files.createTempDirectory("desktop-station-export");
        station = StationChild.start(dir);
        station.statusWhen(s -> s.path("framesRecorded").asLong() >= 8 * 48_000L);
        assertEquals(200, station.send("POST", "/api/recording/stop", null, StationChild.TOKEN).statusCode());
        station.statusWhen(s -> !s.path("recording").asBoolean());
        assertEquals(200, station.send("POST", "/api/recording/start", null, StationChild.TOKEN).statusCode());
        station.statusWhen(s -> s.path("recording").asBoolean());
        first = Deployment.open(station.deployment, n -> { }).sessions().get(0);
        app = new DesktopApp(new DesktopApp.Options(station.url(), StationChild.TOKEN, null, null, "tools",
                Duration.ofSeconds(1)));
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
            station.close();
        }
        if (dir != null) {
            StationChild.deleteTree(dir);
        }
    }


    @Test
    @Order(1)
    void anExportFromTheToolsViewRunsOnTheStationReaches100PercentAndIsTheClisFile() throws Exception {
        String from = UtcNanos.toInstant(first.firstUtcNs() + 1_000_000_000L).toString();
        String to = UtcNanos.toInstant(first.firstUtcNs() + 7_000_000_000L).toString();
        Path appOut = Files.createDirectories(dir.resolve("from-app")).resolve("cut.wav");
        Path cliOut = Files.createDirectories(dir.resolve("from-cli")).resolve("cut.wav");
        List<Double> shown = new CopyOnWriteArrayList<>();
        fx(() -> {
            ExportPane e = app.tools.exportPane;
            assertTrue(e.target.isDisabled() && e.target.getText().contains(station.url().toString()),
                    "the pane says the export runs on the station: " + e.target.getText());
            e.progress.progressProperty().addListener((o, was, now) -> shown.add(now.doubleValue()));
            e.from.setText(from);
            e.to.setText(to);
            e.channels.setText("1,2");
            e.resample.setSelected(true);
            e.out.setText(appOut.toString());
            return null;
        });
        robot.clickOn(fx(() -> app.tools.exportPane.export));
        await("export done", 120, () -> fx(() -> app.tools.exportPane.result.getText()).startsWith("wrote"));
        String line = fx(() -> app.tools.exportPane.result.getText());
        assertTrue(line.contains("288000 frames") && line.contains("exported on the station"), line);
        assertEquals(1.0, fx(() -> app.tools.exportPane.progress.getProgress()), 0.0, "the progress bar reached 100 %");
        assertTrue(shown.contains(1.0), "the bar was set to 100 %: " + shown);
        DesktopStationTest.SNAPSHOTS.toFile().mkdirs();
        fx(() -> {
            app.snapshot(DesktopStationTest.SNAPSHOTS.resolve("tools-station-export.png"));
            return null;
        });
        CliRun cli = CliRun.run("export", station.deployment.toString(), "--from", from, "--to", to, "--channels", "1,2",
                "--resample", "--out", cliOut.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(Files.size(cliOut) > 6 * 48_000 * 2 * 3, "six seconds of two channels: " + Files.size(cliOut));
        assertArrayEquals(Files.readAllBytes(cliOut), Files.readAllBytes(appOut),
                "the station's export, fetched by the app, is the CLI's, byte for byte");
        assertTrue(station.exports().isEmpty(), "the station's copy is dropped once fetched: " + station.exports());
    }

    @Test
    @Order(2)
    void cancelEndsTheStationsJobAndLeavesNoFileOnEitherSide() throws Exception {
        station.statusWhen(s -> s.path("framesRecorded").asLong() >= 4 * 48_000L); // the span's end is recorded
        SessionSpan second = Deployment.open(station.deployment, n -> { }).sessions().get(1);
        Path out = Files.createDirectories(dir.resolve("cancelled")).resolve("cut.wav");
        fx(() -> {
            ExportPane e = app.tools.exportPane;
            // across both sessions, the gap filled, all channels resampled: seconds of work on the station
            e.from.setText(UtcNanos.toInstant(first.firstUtcNs() + 500_000_000L).toString());
            e.to.setText(UtcNanos.toInstant(second.firstUtcNs() + 3_000_000_000L).toString());
            e.channels.setText("");
            e.resample.setSelected(true);
            e.fillGaps.setSelected(true);
            e.out.setText(out.toString());
            e.export.fire();
            return null;
        });
        await("cancel enabled", 10, () -> !fx(() -> app.tools.exportPane.cancel.isDisabled()));
        robot.clickOn(fx(() -> app.tools.exportPane.cancel));
        await("export ended", 30, () -> !fx(() -> app.tools.exportPane.export.isDisabled()));
        assertEquals("cancelled; nothing written", fx(() -> app.tools.exportPane.result.getText()));
        assertFalse(Files.exists(out), "nothing fetched");
        await("the station's job gone with its file", 10, () -> station.exports().isEmpty());
    }

    @Test
    @Order(3)
    void aStationErrorIsOneLine() throws Exception {
        Path out = dir.resolve("never.wav");
        fx(() -> {
            ExportPane e = app.tools.exportPane;
            e.from.setText("2001-01-01T00:00:00Z");
            e.to.setText("2001-01-01T00:00:05Z");
            e.channels.setText("");
            e.fillGaps.setSelected(false);
            e.out.setText(out.toString());
            e.export.fire();
            return null;
        });
        await("export ended", 30, () -> !fx(() -> app.tools.exportPane.export.isDisabled()));
        String line = fx(() -> app.tools.exportPane.result.getText());
        CliRun cli = CliRun.run("export", station.deployment.toString(), "--from", "2001-01-01T00:00:00Z", "--to",
                "2001-01-01T00:00:05Z", "--out", out.toString());
        assertEquals("export failed: " + cli.userErrorLine().substring("tidemark: ".length()), line,
                "the station's line, which is the CLI's");
        assertFalse(Files.exists(out));
    }
}
