package io.tidemark.app.station;

import io.tidemark.sync.clock.SystemClock;
import org.slf4j.LoggerFactory;

/**
 * Loads, on a second core, what the station's path to its first stored buffer needs anyway and the main thread
 * would otherwise load one after another: logging's configuration, the native clock (JNA) and SQLite's native
 * library. Meanwhile the main thread reads the config (Jackson). A restart after a crash records sooner by that
 * much (StationCrashTest measures the split); nothing here has effects beyond loading.
 */
public final class StartupWarmUp {

    private StartupWarmUp() {
    }

    public static void start() {
        Thread t = new Thread(() -> {
            try {
                LoggerFactory.getILoggerFactory();
                SystemClock.platform().read();
                Class.forName("org.sqlite.JDBC");
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError e) {
                // Only a head start: whatever fails here fails again, and is reported, where it is really used.
            }
        }, "station-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
