package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SHA-256 the recorder stores for each file when it closes is the digest of the audio data that
 * another program (ffmpeg, copying the PCM out; sha256sum) finds in it; and {@code tidemark verify}
 * finds a flipped byte in a file, a flipped byte in a copy, and a missing file, in a deployment of two
 * sessions.
 */
class VerifyCommandTest {

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    static Path record(Path deployment, String start) {
        CliRun r = CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "16",
                "--simulated-time", "--sim-start", start, "--duration", "5s", "--rotate", "2s",
                "--out", deployment.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        try {
            return Path.of(Json.MAPPER.readTree(r.out()).get("session").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void flipByteOfData(Path wav, long offsetInData) throws Exception {
        long dataOffset;
        try (BwfReader r = BwfReader.open(wav)) {
            dataOffset = r.dataOffset();
        }
        try (RandomAccessFile f = new RandomAccessFile(wav.toFile(), "rw")) {
            f.seek(dataOffset + offsetInData);
            int b = f.read();
            f.seek(dataOffset + offsetInData);
            f.write(b ^ 0x01);
        }
    }

    @Test
    void storedDigestsAreTheDataOthersReadAndVerifyFindsEveryDamage(@TempDir Path dir) throws Exception {
        Path deployment = Files.createDirectories(dir.resolve("deployment"));
        Path first = record(deployment, "2026-11-21T12:00:00Z");
        Path second = record(deployment, "2026-11-21T13:00:00Z");

        List<FileRow> files;
        try (SessionReader db = SessionReader.open(first)) {
            files = db.files();
        }
        assertEquals(3, files.size(), "5 s in files of 2 s: " + files);
        for (FileRow f : files) {
            assertNotNull(f.dataSha256(), f.path());
            Path pcm = dir.resolve("pcm-" + f.path().replace('/', '_') + ".raw");
            run("ffmpeg", "-nostdin", "-v", "error", "-i", first.resolve(f.path()).toString(), "-c:a", "copy",
                    "-f", "s16le", pcm.toString());
            String sha = run("sha256sum", pcm.toString()).split(" ")[0];
            assertEquals(sha, f.dataSha256(), "the stored digest is sha256sum of the PCM ffmpeg finds in " + f.path());
        }

        CliRun clean = CliRun.run("verify", deployment.toString(), "--json");
        assertEquals(0, clean.exitCode(), clean.out() + clean.err());
        JsonNode all = Json.MAPPER.readTree(clean.out());
        assertTrue(all.get("ok").asBoolean());
        assertEquals(6, all.get("counts").get("MATCH").asInt(), clean.out());

        // A copy, as rsync to a NAS would leave it, with one flipped byte and one file missing.
        Path copy = dir.resolve("nas");
        try (Stream<Path> walk = Files.walk(deployment)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(deployment.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        String secondName = second.getFileName().toString();
        List<FileRow> secondFiles;
        try (SessionReader db = SessionReader.open(second)) {
            secondFiles = db.files();
        }
        flipByteOfData(copy.resolve(secondName).resolve(secondFiles.get(1).path()), 12_345);
        Files.delete(copy.resolve(secondName).resolve(secondFiles.get(2).path()));
        CliRun nas = CliRun.run("verify", deployment.toString(), "--copy", copy.toString(), "--json");
        assertEquals(1, nas.exitCode(), nas.out() + nas.err());
        JsonNode checked = Json.MAPPER.readTree(nas.out());
        assertFalse(checked.get("ok").asBoolean());
        assertEquals(4, checked.get("counts").get("MATCH").asInt(), nas.out());
        assertEquals(1, checked.get("counts").get("MISMATCH").asInt(), nas.out());
        assertEquals(1, checked.get("counts").get("MISSING").asInt(), nas.out());
        for (JsonNode f : checked.get("files")) {
            String status = f.get("status").asText();
            if (f.get("path").asText().equals(secondFiles.get(1).path())) {
                assertEquals("MISMATCH", status);
            } else if (f.get("path").asText().equals(secondFiles.get(2).path())) {
                assertEquals("MISSING", status);
            } else {
                assertEquals("MATCH", status, f.toString());
            }
        }

        // The recording itself, one byte flipped: found there too, named in the text output.
        flipByteOfData(first.resolve(files.get(0).path()), 1_000);
        CliRun damaged = CliRun.run("verify", first.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.out().lines().anyMatch(l -> l.startsWith("MISMATCH") && l.contains(files.get(0).path())),
                damaged.out());
        assertTrue(damaged.out().contains("PROBLEMS FOUND"), damaged.out());
        assertEquals("tidemark: no folder at " + dir.resolve("nowhere") + "; give a session folder or a deployment folder",
                CliRun.run("verify", dir.resolve("nowhere").toString()).userErrorLine());
    }
}
