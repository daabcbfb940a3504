package io.tidemark.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The package under test (failsafe hands its paths in as system properties) and the tools the tests run. */
final class Deb {
    private Deb() {
    }

    static Path file() {
        Path deb = Path.of(System.getProperty("tidemark.deb"));
        assertTrue(Files.isRegularFile(deb), "no package at " + deb + ": build it with ./mvnw -DskipTests package -pl installer -am");
        return deb;
    }

    static String version() {
        return System.getProperty("tidemark.debVersion");
    }

    static Path source() {
        return Path.of(System.getProperty("tidemark.debSource"));
    }

    /** The command's output (stdout and stderr together) and exit code. */
    record Result(int exitCode, String output) {
        Result ok(String what) {
            if (exitCode != 0) {
                fail(what + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    /** Fails, naming the Debian package to install, when {@code command} is not on PATH. */
    static void requireTool(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        fail(command + " is missing: install the Debian package " + debianPackage + " (./run-tests does)");
    }

    static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        return run(timeoutSeconds, command, Map.of());
    }

    static Result run(long timeoutSeconds, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            fail(String.join(" ", command) + " took longer than " + timeoutSeconds + " s");
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, List.of(command));
    }

    /** The package's files, unpacked with dpkg-deb into a new temporary folder. */
    static Path extract(Path into) throws IOException, InterruptedException {
        requireTool("dpkg-deb", "dpkg");
        run(60, "dpkg-deb", "-x", file().toString(), into.toString()).ok("dpkg-deb -x");
        return into;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }
}
