package io.tidemark.analysis.cli;

import io.tidemark.recorder.cli.Tidemark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Runs a {@code tidemark} command line in this JVM and keeps its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter pico = new StringWriter();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        int rc;
        try {
            var cl = Tidemark.commandLine();
            cl.setErr(new PrintWriter(pico, true));
            rc = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(rc, o.toString(), pico + e.toString());
    }

    /** Asserts a user error: exit code 2 and one line on stderr (besides progress lines), no stack trace. */
    String userErrorLine() {
        assertEquals(2, exitCode, "exit code; stderr: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        var lines = err.strip().lines().filter(l -> l.startsWith("tidemark: ") && !l.startsWith("tidemark: warning")).toList();
        assertEquals(1, lines.size(), err);
        return lines.get(0);
    }
}
