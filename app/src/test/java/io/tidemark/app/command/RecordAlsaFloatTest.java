package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.app.Tidemark;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.capture.ChildJvm;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark record --device alsa:NAME --format f32}, end to end through the native ALSA backend:
 * an .asoundrc PCM named like a card ("zoomf8", with a hint, so that {@code tidemark devices} lists it)
 * is ALSA's {@code file} plugin playing 8 channels of float, one swinging to ±2.0 (+6 dBFS) and one a
 * ramp. The files must hold those floats bit for bit, past full scale, across rotations.
 */
class RecordAlsaFloatTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int SECONDS = 3;

    static byte[] floatInput(int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * CHANNELS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            b.putFloat((float) (2.0 * Math.sin(2 * Math.PI * 997.0 * f / RATE)));
            b.putFloat((float) f / frames * 2 - 1);
            for (int c = 2; c < CHANNELS; c++) {
                b.putFloat((float) (0.01 * c * Math.sin(2 * Math.PI * 100.0 * c * f / RATE)));
            }
        }
        return b.array();
    }

    static Path home(Path dir, Path input) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".asoundrc"), "pcm.zoomf8 { type file; slave.pcm \"null\"; file \"/dev/null\";"
                + " infile \"" + input.toAbsolutePath() + "\"; format \"raw\";"
                + " hint { show on; description \"Zoom F8n Pro (a file here)\" } }\n");
        return home;
    }

    @Test
    void floatFromAlsaIsStoredBitForBitAboveFullScaleAndTheDeviceIsListed(@TempDir Path dir) throws Exception {
        int frames = SECONDS * RATE;
        byte[] input = floatInput(frames);
        Path home = home(dir, Files.write(dir.resolve("in.raw"), input));

        ChildJvm.Result listed = ChildJvm.run(Map.of("HOME", home.toString()), 120, dir.resolve("devices.log"),
                Tidemark.class, "devices", "--json");
        assertEquals(0, listed.exitCode(), listed.output());
        JsonNode rows = Json.MAPPER.readTree(listed.output().substring(listed.output().indexOf('[')));
        JsonNode zoom = null;
        for (JsonNode row : rows) {
            if (row.get("name").asText().equals("alsa:zoomf8")) {
                zoom = row;
            }
        }
        assertTrue(zoom != null, "the .asoundrc PCM is listed under the name --device takes: " + rows);
        assertEquals("alsa", zoom.get("backend").asText());
        assertTrue(zoom.get("formats").toString().contains("\"f32\""), zoom.toString());
        assertEquals("Zoom F8n Pro (a file here)", zoom.get("description").asText());

        Path out = Files.createDirectories(dir.resolve("recordings"));
        ChildJvm.Result r = ChildJvm.run(Map.of("HOME", home.toString()), 180, dir.resolve("record.log"),
                Tidemark.class, "record", "--device", "alsa:zoomf8", "--format", "f32", "--channels", "" + CHANNELS,
                "--rate", "" + RATE, "--buffer-ms", "100", "--duration", SECONDS + "s", "--segment", "1s",
                "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.output());
        JsonNode summary = Json.MAPPER.readTree(r.output().substring(r.output().indexOf("{\n")));
        Path session = Path.of(summary.get("session").asText());
        try (SessionReader db = SessionReader.open(session)) {
            assertEquals("ok", db.integrityCheck());
            assertEquals(frames, db.frames());
            assertEquals(0, db.discontinuities(), "sample_index continuous");
            List<FileRow> files = db.files();
            // The file plugin delivers the whole input in well under a second of wall time, so the 1 s UTC grid
            // (judged by the live estimate) is crossed zero or one time: the cut itself is SegmentGridSessionTest's.
            assertFalse(files.isEmpty(), "no audio file");
            ByteArrayOutputStream recorded = new ByteArrayOutputStream(input.length);
            for (FileRow f : files) {
                try (BwfReader wav = BwfReader.open(session.resolve(f.path()))) {
                    assertTrue(wav.format().isFloat(), f.path() + " is IEEE float");
                    recorded.writeBytes(wav.readFrames(0, (int) wav.frames()));
                }
            }
            assertArrayEquals(input, recorded.toByteArray(), "the files hold the floats bit for bit, ±2.0 included");
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                    "-of", "default=nw=1:nk=1", session.resolve(files.get(0).path()).toString())
                    .redirectErrorStream(true).start();
            String codec = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor());
            assertEquals("pcm_f32le", codec);
        }
    }

    @Test
    void badFormatAndDeviceChoicesAreOneLine(@TempDir Path dir) {
        String out = dir.resolve("out").toString();
        assertEquals("tidemark: unknown sample format 'f33'; use --format f32|s32|s24|s24_3|s16",
                CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--format", "f33",
                        "--duration", "1s", "--out", out).userErrorLine());
        assertEquals("tidemark: --bits 24 and --format f32 disagree; give only --format",
                CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "24",
                        "--format", "f32", "--duration", "1s", "--out", out).userErrorLine());
        assertTrue(CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--duration", "1s",
                "--out", out).userErrorLine().startsWith("tidemark: missing --bits or --format"));
        String unknown = CliRun.run("record", "--device", "alsa:no_such_pcm_here", "--channels", "2", "--rate", "48000",
                "--format", "s16", "--duration", "1s", "--out", out).userErrorLine();
        assertTrue(unknown.contains("no_such_pcm_here"), unknown);
        assertTrue(Files.notExists(dir.resolve("out")), "nothing was created");
    }
}
