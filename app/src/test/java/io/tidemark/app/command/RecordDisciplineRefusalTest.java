package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark record --discipline} refuses with one line, before any session exists, when the process
 * lacks CAP_SYS_TIME or another daemon steers the clock. No time source is given (--ptp off, no --ntp),
 * so even a wrongly granted discipline would have nothing to apply: no test can write the real clock.
 */
class RecordDisciplineRefusalTest {

    private static List<String> recordArgs(Path out) {
        return List.of("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "16",
                "--duration", "1s", "--audio", "none", "--out", out.toString(), "--discipline");
    }

    private static void assertOneLineRefusal(int exitCode, String err, String cause, Path out) throws Exception {
        assertEquals(2, exitCode, err);
        List<String> lines = err.lines().filter(l -> l.startsWith("tidemark:")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).contains(cause), err);
        assertTrue(lines.get(0).contains("without --discipline"), "names the remedy: " + err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "no session created");
        }
    }

    @Test
    void withoutCapSysTimeItRefusesInOneLine(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        // setpriv drops CAP_SYS_TIME from the bounding set, so even root's child does not hold it.
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--inh-caps=-sys_time",
                "--bounding-set=-sys_time"));
        cmd.addAll(CliRun.command(recordArgs(out)));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish: " + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        assertOneLineRefusal(p.exitValue(), Files.readString(log), "lacks CAP_SYS_TIME", out);
    }

    @Test
    void withChronydSteeringItRefusesInOneLine(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        // A process named chronyd, without -x or -Q, is what a steering chronyd looks like in /proc. It is
        // /bin/sleep under that name: a real one would steer this machine's clock.
        Path fake = dir.resolve("chronyd");
        Files.copy(Path.of("/bin/sleep"), fake, StandardCopyOption.COPY_ATTRIBUTES);
        Process chronyd = new ProcessBuilder(fake.toString(), "300").start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            Path comm = Path.of("/proc", "" + chronyd.pid(), "comm");
            while (!(Files.exists(comm) && Files.readString(comm).trim().equals("chronyd"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            CliRun run = CliRun.run(recordArgs(out).toArray(String[]::new));
            assertOneLineRefusal(run.exitCode(), run.err(), "is already steering it", out);
            assertTrue(run.err().contains("chronyd (pid "), run.err());
        } finally {
            chronyd.destroyForcibly();
            chronyd.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
