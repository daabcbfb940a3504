package io.tidemark.app.command;

import io.tidemark.recorder.capture.ChildJvm;
import io.tidemark.recorder.capture.JavaSoundFilePluginTest;
import io.tidemark.recorder.capture.TestSignal;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.common.Json;
import io.tidemark.app.Tidemark;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole recorder on the real Java Sound path: {@code tidemark record --device default} reads
 * ALSA's file plugin, which plays a known 8-channel signal, and writes rotating Broadcast WAV. The
 * files, read back in order, must hold exactly the input, and the stamps' sample_index must run on
 * without a break.
 */
class RecordThroughAlsaTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int SECONDS = 5;

    @Test
    void recordedFilesEqualTheInputAndSampleIndexIsContinuous(@TempDir Path dir) throws Exception {
        int frames = SECONDS * RATE;
        byte[] input = TestSignal.frames(0, frames, CHANNELS, 3);
        Path home = JavaSoundFilePluginTest.alsaHomeReading(dir, Files.write(dir.resolve("in.raw"), input));
        Path out = Files.createDirectories(dir.resolve("recordings"));
        ChildJvm.Result r = ChildJvm.run(Map.of("HOME", home.toString()), 180, dir.resolve("child.log"), Tidemark.class,
                "record", "--device", "default", "--channels", "" + CHANNELS, "--rate", "" + RATE, "--bits", "24",
                "--buffer-ms", "100", "--duration", SECONDS + "s", "--segment", "1s", "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.output());
        int start = r.output().indexOf("{\n");
        assertTrue(start >= 0, "a JSON summary: " + r.output());
        JsonNode summary = Json.MAPPER.readTree(r.output().substring(start));
        Path session = Path.of(summary.get("session").asText());

        try (SessionReader db = SessionReader.open(session)) {
            assertEquals("ok", db.integrityCheck());
            assertEquals(frames, db.frames(), "frames stamped");
            assertEquals(0, db.discontinuities(), "sample_index continuous");
            assertEquals(SECONDS * 10, db.bufferCount(), "one row per 100 ms read");
            List<FileRow> files = db.files();
            // The file plugin delivers the whole input in well under a second of wall time, so the 1 s UTC grid
            // (judged by the live estimate) is crossed zero or one time: the cut itself is SegmentGridSessionTest's.
            assertFalse(files.isEmpty(), "no audio file");
            ByteArrayOutputStream recorded = new ByteArrayOutputStream(input.length);
            long nextSampleIndex = 0;
            for (FileRow f : files) {
                assertEquals(nextSampleIndex, f.firstSampleIndex(), "files follow on: " + f);
                try (BwfReader wav = BwfReader.open(session.resolve(f.path()))) {
                    assertEquals(f.frames(), wav.frames(), f.path());
                    recorded.writeBytes(wav.readFrames(0, (int) wav.frames()));
                }
                nextSampleIndex += f.frames();
            }
            assertArrayEquals(input, recorded.toByteArray(), "the files hold the input sample for sample");
        }
    }
}
