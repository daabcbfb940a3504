package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Must-show "Bad input": one line naming cause and remedy, exit code 2, no trace, nothing recorded lost. */
class BadInputTest {

    static void assertOneLineUserError(CliRun run, String mentions) {
        assertEquals(2, run.exitCode(), run.err());
        String err = run.err().strip();
        List<String> errorLines = err.lines().filter(l -> !l.startsWith("tidemark: recording ")
                && !l.startsWith("tidemark: warning") && !l.contains(" recorded, ")).toList();
        assertEquals(1, errorLines.size(), "one line: " + err);
        String line = errorLines.get(0);
        assertTrue(line.startsWith("tidemark: "), line);
        assertTrue(line.contains(";"), "cause; remedy: " + line);
        assertTrue(line.toLowerCase().contains(mentions), line);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
    }

    @Test
    void unknownDevice(@TempDir Path out) {
        CliRun run = CliRun.run("record", "--device", "No Such Recorder 9000", "--channels", "8", "--rate", "48000",
                "--bits", "24", "--duration", "5s", "--out", out.toString());
        assertOneLineUserError(run, "no such recorder 9000");
    }

    @Test
    void unsupportedFormat(@TempDir Path out) {
        assertOneLineUserError(CliRun.run("record", "--device", "sim", "--channels", "8", "--rate", "22050",
                "--bits", "24", "--duration", "5s", "--out", out.toString()), "unsupported format");
        assertOneLineUserError(CliRun.run("record", "--device", "sim", "--channels", "8", "--rate", "48000",
                "--bits", "12", "--duration", "5s", "--out", out.toString()), "unsupported format");
    }

    @Test
    void badConfigFile(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("record.json");
        Files.writeString(config, "{\"devise\": \"sim\", \"channels\": 2}");
        CliRun run = CliRun.run("record", "--config", config.toString(), "--rate", "48000", "--bits", "16",
                "--duration", "5s", "--out", tmp.resolve("out").toString());
        assertOneLineUserError(run, "unknown key \"devise\"");
        assertFalse(Files.exists(tmp.resolve("out")), "nothing created");
    }

    @Test
    void unwritableOutputFolder(@TempDir Path tmp) throws Throwable {
        // As root, permissions do not stop writes: a read-only file system does.
        onTmpfs(tmp, "ro,size=1m", ro -> assertOneLineUserError(CliRun.run("record", "--device", "sim", "--channels",
                "2", "--rate", "48000", "--bits", "16", "--duration", "5s", "--out", ro.resolve("out").toString()),
                "cannot write"));
    }

    @Test
    void diskFillsUpMidRecording(@TempDir Path tmp) throws Throwable {
        onTmpfs(tmp, "size=40m", small -> {
            // 8 ch × 24 bit × 48 kHz is 1.15 MB/s: the 40 MB disk fills after ~30 s of audio.
            CliRun run = CliRun.run("record", "--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                    "--duration", "10m", "--rotate", "10s", "--simulated-time", "--out", small.toString());
            assertOneLineUserError(run, "disk is full");
            Path dir;
            try (Stream<Path> s = Files.list(small)) {
                dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            try (SessionReader r = SessionReader.open(dir)) {
                assertEquals("ok", r.integrityCheck());
                assertEquals("disk_full", r.session().stopReason());
                long frames = r.frames();
                assertTrue(frames > 20 * 48_000, "most of the disk holds audio: " + frames);
                long inFiles = 0;
                for (FileRow f : r.files()) {
                    assertEquals(FileRow.CLOSED, f.status(), f.path());
                    try (BwfReader wav = BwfReader.open(dir.resolve(f.path()))) {
                        assertEquals(f.frames(), wav.frames(), f.path());
                    }
                    inFiles += f.frames();
                }
                assertEquals(frames, inFiles, "every recorded frame is in a playable file");
                assertTrue(r.files().size() >= 3, "rotated before the disk filled");
            }
        });
    }

    /** Runs {@code body} on a tmpfs mounted with {@code options} in a new folder under {@code tmp}; unmounts it after. */
    static void onTmpfs(Path tmp, String options, ThrowingConsumer<Path> body) throws Throwable {
        Path mount = Files.createDirectories(tmp.resolve("tmpfs-" + UUID.randomUUID()));
        sh("mount", "-t", "tmpfs", "-o", options, "tidemark-test", mount.toString());
        try {
            body.accept(mount);
        } finally {
            sh("umount", mount.toString());
        }
    }

    static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + output);
    }
}
