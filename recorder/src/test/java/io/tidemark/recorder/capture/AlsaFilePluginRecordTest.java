package io.tidemark.recorder.capture;

import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.stamp.BufferStamp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native ALSA backend, byte for byte: ALSA's default PCM is the {@code file} plugin reading a raw
 * file, {@link io.tidemark.recorder.capture.alsa.AlsaDevice} captures it in the format under test
 * through a {@link io.tidemark.recorder.session.RecordingSession} into rotating Broadcast WAV, and
 * the files, read back in order, must hold exactly the input; sample_index must run on unbroken.
 * In f32 one channel swings to ±2.0 (+6 dBFS) and another holds a ramp.
 */
class AlsaFilePluginRecordTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int BUFFER_FRAMES = 4_800;
    static final int FRAMES = 3 * RATE;

    /** The device's bytes (raw file) and what the files must hold (S24_LE packs to 3 bytes). */
    record Input(byte[] device, byte[] stored) {
    }

    static Input input(SampleEncoding e) {
        return switch (e) {
            case F32 -> {
                byte[] b = floatSignal(FRAMES);
                yield new Input(b, b);
            }
            case S24 -> {
                byte[] packed = TestSignal.frames(0, FRAMES, CHANNELS, 3);
                byte[] wide = new byte[packed.length / 3 * 4];
                for (int i = 0, o = 0; i < packed.length; i += 3, o += 4) {
                    wide[o] = packed[i];
                    wide[o + 1] = packed[i + 1];
                    wide[o + 2] = packed[i + 2];
                    wide[o + 3] = (byte) (packed[i + 2] >> 7); // S24_LE: sign-extended into the 4th byte
                }
                yield new Input(wide, packed);
            }
            default -> {
                byte[] b = TestSignal.frames(0, FRAMES, CHANNELS, e.bitsPerSample / 8);
                yield new Input(b, b);
            }
        };
    }

    /** Channel 0 a 1 kHz sine of ±2.0, channel 1 a ramp -1..1 per second, the rest hashed values in ±1.5. */
    static byte[] floatSignal(int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * CHANNELS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putFloat((float) (2.0 * Math.sin(2 * Math.PI * 1000.0 * i / RATE)));
            b.putFloat((float) (2.0 * (i % RATE) / RATE - 1.0));
            for (int c = 2; c < CHANNELS; c++) {
                b.putFloat((float) (1.5 * ((TestSignal.mix(i * 64L + c) >>> 11) / (double) (1L << 53) * 2 - 1)));
            }
        }
        return b.array();
    }

    static Path alsaHome(Path dir, Path infile) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default { type file; slave.pcm \"null\"; file \"/dev/null\";"
                + " infile \"" + infile.toAbsolutePath() + "\"; format \"raw\" }\n"
                + "pcm.s16only { type linear; slave { pcm \"null\"; format S16_LE } }\n"
                + "pcm.twochannels { type multi; slaves.a.pcm \"null\"; slaves.a.channels 2;"
                + " bindings.0 { slave a; channel 0 } bindings.1 { slave a; channel 1 } }\n");
        return home;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f32", "s24_3", "s16", "s24"})
    void recordedFilesEqualTheInputBitForBitAcrossRotation(String formatName, @TempDir Path dir) throws Exception {
        SampleEncoding enc = SampleEncoding.parse(formatName);
        Input in = input(enc);
        Path raw = Files.write(dir.resolve("in.raw"), in.device());
        Path home = alsaHome(dir, raw);
        Path out = Files.createDirectories(dir.resolve("rec"));
        ChildJvm.Result r = ChildJvm.run(Map.of("HOME", home.toString()), 180, dir.resolve("child.log"),
                AlsaRecordMain.class, "default", "" + CHANNELS, "" + RATE, formatName, "" + BUFFER_FRAMES, "" + FRAMES,
                "" + RATE, out.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("stopReason=COMPLETED"), r.output());
        String line = r.output().lines().filter(l -> l.startsWith("session=")).findFirst().orElseThrow();
        Path session = Path.of(line.substring("session=".length()));
        try (SessionReader db = SessionReader.open(session)) {
            assertEquals(FRAMES, db.frames(), "frames stamped");
            assertEquals(0, db.discontinuities(), "sample_index continuous");
            assertEquals(FRAMES / BUFFER_FRAMES, db.bufferCount());
            // The file plugin is not a kernel device: every buffer is stamped at read return less its fill.
            assertEquals(FRAMES / BUFFER_FRAMES, db.buffersStampedBy(StampSource.READ_RETURN_LESS_FILL));
            List<BufferStamp> fills = new ArrayList<>();
            db.forEachBuffer(fills::add);
            assertTrue(fills.stream().allMatch(b -> b.fillFrames() >= 0), "fill_frames stored for every buffer");
            List<FileRow> files = db.files();
            assertEquals(3, files.size(), "rotated every second: " + files);
            ByteArrayOutputStream recorded = new ByteArrayOutputStream();
            long next = 0;
            for (FileRow f : files) {
                assertEquals(next, f.firstSampleIndex(), "files follow on: " + f);
                try (BwfReader wav = BwfReader.open(session.resolve(f.path()))) {
                    assertEquals(enc.isFloat, wav.format().isFloat());
                    assertEquals(enc.bitsPerSample, wav.format().bitsPerSample());
                    recorded.writeBytes(wav.readFrames(0, (int) wav.frames()));
                    next += wav.frames();
                }
            }
            assertArrayEquals(in.stored(), recorded.toByteArray(), "the files hold the input bit for bit");
            String codec = ffprobeCodec(session.resolve(files.get(0).path()));
            assertEquals(enc.isFloat ? "pcm_f32le" : "pcm_s" + enc.bitsPerSample + "le", codec);
        }
    }

    static String ffprobeCodec(Path file) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of",
                    "default=noprint_wrappers=1:nokey=1", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("ffprobe is not installed (./run-tests installs it): " + e.getMessage());
        }
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), s);
        return s;
    }
}
