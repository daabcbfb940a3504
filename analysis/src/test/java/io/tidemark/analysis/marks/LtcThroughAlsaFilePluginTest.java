package io.tidemark.analysis.marks;

import io.tidemark.recorder.capture.JavaSoundCaptureMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libltc's LTC recorded on channel 2 of a 2-channel 16-bit capture through the real Java Sound
 * path, with ALSA's default PCM being the {@code file} plugin reading it: every frame decoded with
 * the encoder's label and date, starts within one sample of libltc's decoder on the same recording.
 */
class LtcThroughAlsaFilePluginTest {

    private static final int CHANNELS = 2;
    private static final int BUFFER_FRAMES = 4_800;

    @Test
    void ltcAt25FpsRecordedThroughTheAlsaFilePlugin(@TempDir Path dir) throws Exception {
        LibLtc ltc = LibLtc.load();
        LibLtc.Encoded encoded = ltc.encode(LibLtcTest.RATE_HZ, 25, LibLtc.LTC_TV_625_50, "+0000",
                LocalDate.of(2026, 12, 4), 12, 0, 0, 252, LtcFrameRate.FPS_25);
        byte[] recorded = record(encoded.u8(), dir);
        System.out.println("ALSA file plugin, libltc " + LibLtcTest.check(ltc, encoded, recorded, 25, LtcFrameRate.FPS_25));
    }

    @Test
    void ltcAt2997DropFrameRecordedThroughTheAlsaFilePlugin(@TempDir Path dir) throws Exception {
        LibLtc ltc = LibLtc.load();
        double fps = 30000.0 / 1001;
        LibLtc.Encoded encoded = ltc.encode(LibLtcTest.RATE_HZ, fps, LibLtc.LTC_TV_525_60, "-0500",
                LocalDate.of(2026, 12, 4), 10, 9, 55, 302, LtcFrameRate.FPS_29_97);
        byte[] recorded = record(encoded.u8(), dir);
        System.out.println("ALSA file plugin, libltc " + LibLtcTest.check(ltc, encoded, recorded, fps, LtcFrameRate.FPS_29_97));
    }

    /**
     * Puts the 8-bit LTC on channel 2 (16-bit, exact) beside a 1 kHz tone on channel 1, padded with
     * silence to whole capture buffers, captures it through ALSA in a child JVM, and returns channel
     * 2 of what came back as 8-bit again.
     */
    private static byte[] record(byte[] u8, Path dir) throws Exception {
        int frames = (u8.length + BUFFER_FRAMES - 1) / BUFFER_FRAMES * BUFFER_FRAMES;
        byte[] raw = new byte[frames * CHANNELS * 2];
        for (int k = 0; k < frames; k++) {
            short tone = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * k / LibLtcTest.RATE_HZ));
            short ltc = k < u8.length ? (short) (((u8[k] & 0xFF) - 128) << 8) : 0;
            put(raw, (k * CHANNELS) * 2, tone);
            put(raw, (k * CHANNELS + 1) * 2, ltc);
        }
        Path in = Files.write(dir.resolve("in.raw"), raw);
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default { type file; slave.pcm \"null\"; file \"/dev/null\";"
                + " infile \"" + in.toAbsolutePath() + "\"; format \"raw\" }\n");
        Path out = dir.resolve("out.raw");
        Path log = dir.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JavaSoundCaptureMain.class.getName(), "default",
                "" + CHANNELS, "" + LibLtcTest.RATE_HZ, "16", "" + BUFFER_FRAMES, "" + frames, out.toString(),
                dir.resolve("stamps.csv").toString());
        pb.environment().put("HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process child = pb.start();
        boolean finished = child.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(finished, "capture did not finish in 120 s: " + output);
        assertEquals(0, child.exitValue(), output);
        byte[] captured = Files.readAllBytes(out);
        assertEquals(raw.length, captured.length, "captured bytes");
        byte[] channel2 = new byte[frames];
        for (int k = 0; k < frames; k++) {
            int at = (k * CHANNELS + 1) * 2;
            channel2[k] = (byte) ((captured[at + 1] + 128) & 0xFF);
            assertEquals(0, captured[at], "low byte of the 8-bit LTC at frame " + k);
        }
        return channel2;
    }

    private static void put(byte[] b, int at, short v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }
}
