package io.tidemark.recorder.capture;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Java Sound path, byte for byte: ALSA's "default" PCM is the {@code file} plugin reading a
 * raw file of a known 8-channel signal, and {@link JavaSoundDevice} must deliver exactly its bytes.
 */
public class JavaSoundFilePluginTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int BUFFER_FRAMES = 4_800;
    static final int FRAMES = 12 * BUFFER_FRAMES;

    /** Writes HOME/.asoundrc making ALSA's default capture PCM read {@code input}. */
    public static Path alsaHomeReading(Path dir, Path input) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default { type file; slave.pcm \"null\"; file \"/dev/null\";"
                + " infile \"" + input.toAbsolutePath() + "\"; format \"raw\" }\n");
        return home;
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {16, 24})
    void capturesAKnownEightChannelSignalByteForByte(int bits, @TempDir Path dir) throws Exception {
        byte[] input = TestSignal.frames(0, FRAMES, CHANNELS, bits / 8);
        Path in = Files.write(dir.resolve("in.raw"), input);
        Path home = alsaHomeReading(dir, in);
        Path out = dir.resolve("out.raw");
        ChildJvm.Result r = ChildJvm.run(Map.of("HOME", home.toString()), 120, dir.resolve("child.log"),
                JavaSoundCaptureMain.class, "default", "" + CHANNELS, "" + RATE, "" + bits, "" + BUFFER_FRAMES,
                "" + FRAMES, out.toString(), dir.resolve("stamps.csv").toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("opened "), r.output());
        byte[] captured = Files.readAllBytes(out);
        assertEquals(input.length, captured.length);
        assertArrayEquals(input, captured, "captured bytes equal the input");
        assertEquals(FRAMES / BUFFER_FRAMES, Files.readAllLines(dir.resolve("stamps.csv")).size(), "one stamp per read");
    }
}
