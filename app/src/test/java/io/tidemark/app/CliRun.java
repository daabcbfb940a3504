package io.tidemark.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Runs a {@code tidemark} command line in this JVM and keeps its exit code, stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs it; echoes the command and what it printed to the test's own stderr, for the report. */
    public static synchronized CliRun run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Tidemark.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        CliRun r = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldErr.println("tidemark " + String.join(" ", args) + " -> " + code + "\n" + r.out + r.err);
        return r;
    }

    /** The command that runs a {@code tidemark} command line in a JVM of its own, on the tests' class path. */
    public static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Tidemark.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts a {@code tidemark} command line in a JVM of its own (for signals), its stdout and stderr to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(args))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Asserts a user error: exit code 2 and one line on stderr (besides progress lines), no stack trace. */
    public String userErrorLine() {
        assertEquals(2, exitCode, "exit code; stderr: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        var lines = err.strip().lines().filter(l -> l.startsWith("tidemark: ") && !l.startsWith("tidemark: warning")).toList();
        assertEquals(1, lines.size(), err);
        return lines.get(0);
    }
}
