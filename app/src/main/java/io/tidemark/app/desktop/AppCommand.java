package io.tidemark.app.desktop;

import io.tidemark.app.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tidemark app}: the desktop window on a station (live meters, sync, Start/Stop) and a deployment. */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Opens the desktop app: a station's live view, a deployment's sessions, tools.")
public final class AppCommand implements Callable<Integer> {

    @Option(names = "--station", paramLabel = "URL", description = "the station's control API (default, without --deployment: the local station, "
            + LOCAL_STATION + ")")
    URI station;
    /** Where a station on this machine listens by default (StationConfig's api.port). */
    static final String LOCAL_STATION = "http://127.0.0.1:8765";
    @Option(names = "--token-file", paramLabel = "FILE", description = "the bearer token Start/Stop need")
    Path tokenFile;
    @Option(names = "--deployment", paramLabel = "DIR", description = "a deployment folder to browse")
    Path deployment;
    @Option(names = "--snapshot", paramLabel = "FILE.png", description = "render the window, write it as PNG, exit")
    Path snapshot;
    @Option(names = "--view", paramLabel = "live|deployment|tools", defaultValue = "live", description = "the view to open")
    String view;
    @Option(names = "--after", paramLabel = "DURATION", defaultValue = "5s", description = "with --snapshot: wait this long first (e.g. 5s, 500ms)")
    String after;

    @Override
    public Integer call() throws Exception {
        if (!view.matches("live|deployment|tools")) {
            throw new UserError("unknown view " + view, "use --view live, deployment or tools");
        }
        String token = null;
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw new UserError("cannot read token file " + tokenFile, "give the station's api.tokenFile");
            }
            token = Files.readString(tokenFile).trim();
        }
        if (deployment != null && !Files.isDirectory(deployment)) {
            throw new UserError("no deployment folder at " + deployment, "give the folder the station records to");
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new UserError("no display (DISPLAY is not set)", "run on a desktop, or under xvfb-run -a");
        }
        if (station == null && deployment == null) {
            station = URI.create(LOCAL_STATION); // the desktop entry opens the app with no arguments
        }
        return new DesktopApp(new DesktopApp.Options(station, token, deployment, snapshot, view, parse(after))).run();
    }

    static Duration parse(String s) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(s.trim());
        if (!m.matches()) {
            throw new UserError("cannot read duration " + s, "write it like 5s, 500ms or 1m");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            default -> Duration.ofMinutes(v);
        };
    }
}
