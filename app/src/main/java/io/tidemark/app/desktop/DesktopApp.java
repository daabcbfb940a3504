package io.tidemark.app.desktop;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The desktop app's window: Live, Deployment and Tools tabs. A client only: closing it closes the
 * stream, never the station's recording.
 */
public final class DesktopApp {

    /** What the command line asked for. */
    public record Options(URI station, String token, Path deployment, Path snapshot, String view, Duration after) {
    }

    private final Options options;
    private StationClient client;
    LiveView live;
    DeploymentView deployment;
    ToolsView tools;
    TabPane tabs;
    Stage stage;

    public DesktopApp(Options options) {
        this.options = options;
    }

    /** Starts JavaFX once per JVM; later calls reuse it. */
    public static void startToolkit() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException already) {
            up.countDown();
        }
        Platform.setImplicitExit(false);
        up.await();
    }

    /** Builds and shows the window; call on the FX thread. */
    public Stage show(Stage stage) {
        this.stage = stage;
        live = new LiveView();
        if (options.station() != null) {
            client = new StationClient(options.station(), options.token(), live);
            live.attach(client);
            client.start();
        } else {
            live.connection(false, "no station: start the app with --station URL");
        }
        tabs = new TabPane(
                tab("Live", live),
                tab("Deployment", deployment = new DeploymentView(options.deployment())),
                tab("Tools", scrolled(tools = new ToolsView(options.deployment(),
                        options.station() == null ? null : new StationJobs(options.station(), options.token())))));
        select(options.view());
        stage.setTitle("Tidemark" + (options.station() == null ? "" : " — " + options.station()));
        stage.setScene(new Scene(tabs, 1400, 800));
        stage.setOnHidden(e -> close());
        stage.show();
        return stage;
    }

    /** A view taller than a small screen scrolls rather than being cut off. */
    private static javafx.scene.control.ScrollPane scrolled(javafx.scene.Node n) {
        javafx.scene.control.ScrollPane p = new javafx.scene.control.ScrollPane(n);
        p.setFitToWidth(true);
        return p;
    }

    private static Tab tab(String name, javafx.scene.Node n) {
        Tab t = new Tab(name, n);
        t.setClosable(false);
        return t;
    }

    void select(String view) {
        int i = switch (view == null ? "live" : view) {
            case "deployment" -> 1;
            case "tools" -> 2;
            default -> 0;
        };
        tabs.getSelectionModel().select(i);
    }

    /** Stops the stream and meters; the station keeps recording. */
    public void close() {
        if (client != null) {
            client.close();
        }
        if (live != null) {
            live.meters().stop();
        }
    }

    /** Renders the window's scene and writes it as PNG; call on the FX thread. */
    public void snapshot(Path png) throws IOException {
        WritableImage img = stage.getScene().snapshot(null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pr = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pr.getArgb(x, y));
            }
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        ImageIO.write(out, "png", png.toFile());
    }

    /** Runs the app until its window closes (or, with a snapshot, until the PNG is written); returns the exit code. */
    public int run() throws Exception {
        startToolkit();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Stage s = show(new Stage());
                s.setOnHidden(e -> {
                    close();
                    done.complete(0);
                });
                if (options.snapshot() != null) {
                    javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(
                            javafx.util.Duration.millis(options.after().toMillis()));
                    wait.setOnFinished(e -> {
                        try {
                            snapshot(options.snapshot());
                            done.complete(0);
                        } catch (IOException ex) {
                            done.completeExceptionally(ex);
                        }
                        s.close();
                    });
                    wait.play();
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get();
        } finally {
            close();
            Platform.exit();
        }
    }
}
