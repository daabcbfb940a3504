package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BwfReaderTest {

    private Path dir;
    private byte[] valid;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-reader");
        RotatingBwfWriterTest.Events events = new RotatingBwfWriterTest.Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "ok", new CaptureFormat(2, 48_000, 24), 1_000_000,
                i -> OptionalLong.of(1_795_290_000_000_000_000L), events)) {
            byte[] pcm = new byte[6 * 200];
            new SplittableRandom(5).nextBytes(pcm);
            w.write(pcm, 0, 200, 0);
        }
        valid = Files.readAllBytes(dir.resolve(events.opened.get(0)));
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    @Test
    void damagedFilesGiveOneLineErrorsNamingFileAndProblem() throws Exception {
        assertProblem(new byte[0], "too short for a WAV header");
        assertProblem("OggS0000WAVEfmt ".getBytes(), "does not start with RIFF or RF64");
        assertProblem(Arrays.copyOf(valid, 200), "beyond the end of the file");
        byte[] noData = Arrays.copyOf(valid, 100);
        assertProblem(noData, "header cut short");
        byte[] badFmt = valid.clone();
        badFmt[56] = 0x50; // format tag: MPEG is not what we read
        badFmt[57] = 0;
        assertProblem(badFmt, "audio format 0x0050 is neither integer PCM nor IEEE float");
        byte[] float24 = valid.clone();
        float24[56] = 3; // IEEE float, but of the file's 24 bits
        float24[57] = 0;
        assertProblem(float24, "fmt says 24-bit float; only 32-bit float is supported");
        BwfFormatException missing = assertThrows(BwfFormatException.class, () -> BwfReader.open(dir.resolve("nope.wav")));
        assertTrue(missing.oneLine().contains("nope.wav: no such file"), missing.oneLine());
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButAOneLineFormatError() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        Path file = dir.resolve("fuzz.wav");
        int formatErrors = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = valid.clone();
            int flips = 1 + rnd.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = rnd.nextInt(Math.min(b.length, 1_200)); // the header region
                b[at] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                b = Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            Files.write(file, b);
            try (BwfReader r = BwfReader.open(file)) {
                r.readFrames(0, (int) Math.min(r.frames(), 10_000));
            } catch (BwfFormatException e) {
                formatErrors++;
                assertTrue(e.oneLine().startsWith(file.toString() + ": "), e.oneLine());
                assertFalse(e.oneLine().contains("\n"), e.oneLine());
            }
        }
        assertTrue(formatErrors > 0);
    }

    @Test
    void readsAFileTheHeaderOfWhichClaimsMoreThanIsThere() throws Exception {
        Path file = dir.resolve("cut.wav");
        Files.write(file, Arrays.copyOf(valid, valid.length - 6 * 50 - 1));
        try (BwfReader r = BwfReader.open(file)) {
            assertTrue(r.truncated());
            assertEquals(149, r.frames());
            assertEquals(149 * 6, r.readFrames(0, 1_000).length);
        }
    }

    private void assertProblem(byte[] content, String problem) throws Exception {
        Path file = dir.resolve("bad.wav");
        Files.write(file, content);
        BwfFormatException e = assertThrows(BwfFormatException.class, () -> BwfReader.open(file));
        assertTrue(e.oneLine().startsWith(file + ": "), e.oneLine());
        assertTrue(e.oneLine().contains(problem), e.oneLine());
        assertFalse(e.oneLine().contains("\n"));
    }
}
