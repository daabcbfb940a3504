package io.tidemark.app.desktop;

import io.tidemark.app.CliRun;
import io.tidemark.app.station.api.ApiSettings;
import io.tidemark.app.station.api.ControlApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tidemark app --snapshot}: renders the window in a JVM of its own, writes the PNG and exits 0. */
class AppSnapshotCommandTest {

    @Test
    void snapshotWritesThePngAndExits(@TempDir Path dir) throws Exception {
        XvfbDisplay.ensure();
        FakeStation station = new FakeStation();
        ControlApi api = ControlApi.start(ApiSettings.loopback(0), station);
        try {
            Path png = Path.of("target", "snapshots", "cli-live.png").toAbsolutePath();
            Files.deleteIfExists(png);
            Path log = dir.resolve("app.log");
            ProcessBuilder pb = new ProcessBuilder(CliRun.command(List.of("app",
                    "--station", "http://127.0.0.1:" + api.address().getPort(),
                    "--snapshot", png.toString(), "--view", "live", "--after", "2s")))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DISPLAY", XvfbDisplay.display);
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "app exits after the snapshot");
            assertEquals(0, p.exitValue(), Files.readString(log));
            assertEquals(1400, ImageIO.read(png.toFile()).getWidth());
            assertEquals(0, station.stops, "the app never stops the recording");
        } finally {
            api.close();
        }
    }

    @Test
    void anUnknownViewIsOneLine() {
        String line = CliRun.run("app", "--view", "map").userErrorLine();
        assertTrue(line.contains("unknown view map"), line);
    }
}
