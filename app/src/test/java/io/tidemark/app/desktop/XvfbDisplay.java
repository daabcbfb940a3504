package io.tidemark.app.desktop;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A display for the desktop tests without a desktop: starts {@code Xvfb :N} on a free display and
 * points this JVM's native environment at it (JavaFX's GTK reads DISPLAY through getenv, which
 * Java cannot set, hence setenv through JNA), so {@code mvn verify} alone runs them.
 */
final class XvfbDisplay {

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static Process xvfb;
    /**
     * The display, and JavaFX started on it the TestFX way (Application.launch, once per JVM), with TestFX's glass
     * robot (no AWT): every in-JVM desktop test calls this, so they share one toolkit whatever their order.
     */
    static synchronized void fx() throws Exception {
        ensure();
        System.setProperty("testfx.robot", "glass");
        org.testfx.api.FxToolkit.registerPrimaryStage();
        javafx.application.Platform.setImplicitExit(false);
    }

    /** ":N" of the display started, for child JVMs. */
    static String display;

    private XvfbDisplay() {
    }

    private static boolean gtk3Found() {
        String dirs = "/usr/lib/x86_64-linux-gnu:/usr/lib/aarch64-linux-gnu:/usr/lib:"
                + System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        for (String d : dirs.split(":")) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libgtk-3.so.0"))) {
                return true;
            }
        }
        return false;
    }

    static synchronized void ensure() throws Exception {
        if (xvfb != null) {
            return;
        }
        Path bin = Path.of("/usr/bin/Xvfb");
        if (!Files.isExecutable(bin)) {
            throw new AssertionError("Xvfb is missing: install the Debian package xvfb (run-tests' needs list has it)");
        }
        if (!gtk3Found()) {
            throw new AssertionError("GTK 3 is missing (JavaFX 21 needs libgtk-3.so.0): install the Debian package libgtk-3-0");
        }
        int n = 90;
        while (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
            n++;
        }
        // Xvfb must outlive this JVM: GTK exits the JVM with 1 on a lost display, which fails the surefire fork.
        // So no shutdown hook stops it: a shell watches this JVM's pid and stops Xvfb once the JVM is gone.
        long jvm = ProcessHandle.current().pid();
        xvfb = new ProcessBuilder("sh", "-c", bin + " :" + n + " -screen 0 1600x1000x24 -nolisten tcp & x=$!; "
                + "while kill -0 " + jvm + " 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.5; done; kill $x 2>/dev/null")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path socket = Path.of("/tmp/.X11-unix/X" + n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!xvfb.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Xvfb :" + n + " did not start");
            }
            Thread.sleep(50);
        }
        display = ":" + n;
        Native.load("c", LibC.class).setenv("DISPLAY", display, 1);
    }
}
