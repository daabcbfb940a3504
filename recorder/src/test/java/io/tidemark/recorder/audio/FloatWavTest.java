package io.tidemark.recorder.audio;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.Json;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SampleEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 32-bit float Broadcast WAV: WAVE_FORMAT_EXTENSIBLE with the IEEE-float sub-format and a fact chunk,
 * values beyond ±1.0 stored unchanged, across rotation, read by our reader and by ffprobe, MediaInfo,
 * SoX and libsndfile; a crashed float file is repaired, fact included; past 4 GiB it is RF64.
 */
class FloatWavTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final CaptureFormat F32 = new CaptureFormat(CHANNELS, RATE, SampleEncoding.F32);

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-float");
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    /** Channel 0 a ±2.0 sine (+6 dBFS), channel 1 a ramp from -1 to 1 each second, the rest small values. */
    static byte[] signal(long firstFrame, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * F32.bytesPerFrame()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            long f = firstFrame + i;
            b.putFloat((float) (2.0 * Math.sin(2 * Math.PI * 1000.0 * f / RATE)));
            b.putFloat((float) (2.0 * (f % RATE) / RATE - 1.0));
            for (int c = 2; c < CHANNELS; c++) {
                b.putFloat((float) (1e-3 * Math.cos(0.001 * f * c)));
            }
        }
        return b.array();
    }

    @Test
    void floatFilesKeepEveryBitAcrossRotationAndEveryToolReadsThem() throws Exception {
        int frames = 3 * RATE;
        byte[] input = signal(0, frames);
        List<String> opened = new ArrayList<>();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "float", F32, RATE,
                i -> OptionalLong.of(1_795_290_000_000_000_000L + i * 1_000_000_000L / RATE),
                new BwfToolsTest.RecordingListener(opened))) {
            int n = 4_800;
            for (int done = 0; done < frames; done += n) {
                w.write(input, done * F32.bytesPerFrame(), n, done);
            }
        }
        assertEquals(3, opened.size(), "rotated every second");
        ByteBuffer all = ByteBuffer.allocate(input.length);
        for (String name : opened) {
            try (BwfReader r = BwfReader.open(dir.resolve(name))) {
                assertTrue(r.format().isFloat());
                assertEquals(WaveFormat.WAVE_FORMAT_EXTENSIBLE, r.format().formatTag());
                assertEquals(F32, r.format().captureFormat());
                assertEquals(RATE, r.frames());
                all.put(r.readFrames(0, RATE));
            }
            assertEquals(RATE, factFrames(dir.resolve(name)), "fact chunk = frames");
        }
        assertArrayEquals(input, all.array(), "float samples stored bit for bit, +6 dBFS included");

        Path file = dir.resolve(opened.get(0));
        assertEquals("pcm_f32le", MediaTools.ffprobe(file, "stream=codec_name"));
        assertEquals(Integer.toString(RATE), MediaTools.ffprobe(file, "stream=duration_ts"));
        MediaTools.Run ffErrors = MediaTools.ok("ffprobe", "-v", "warning", "-i", file.toString());
        assertEquals("", ffErrors.stderr().trim().replaceAll("(?s)^Input #0.*", ""), "ffprobe warnings");

        JsonNode mi = Json.MAPPER.readTree(MediaTools.ok("mediainfo", "--Output=JSON", file.toString()).stdout());
        JsonNode audio = null;
        for (JsonNode t : mi.path("media").path("track")) {
            if ("Audio".equals(t.path("@type").asText())) {
                audio = t;
            }
        }
        assertTrue(audio != null, "mediainfo found no audio track: " + mi);
        assertEquals("32", audio.path("BitDepth").asText(), audio.toString());
        assertEquals(Integer.toString(RATE), audio.path("SamplingCount").asText(), audio.toString());
        assertTrue(audio.toString().contains("Float"), "mediainfo names it float: " + audio);

        assertEquals(Integer.toString(RATE), MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
        assertEquals("32", MediaTools.ok("sox", "--i", "-b", file.toString()).stdout().trim());
        assertEquals("Floating Point PCM", MediaTools.ok("sox", "--i", "-e", file.toString()).stdout().trim());
        MediaTools.Run stat = MediaTools.ok("sox", file.toString(), "-n", "stat");
        String s = stat.stderr().replaceAll("\\s+", " ");
        assertTrue(s.contains("Samples read: " + (long) RATE * CHANNELS), stat.stderr());
        // SoX reads float into its 32-bit integer samples, clipping at ±1.0; ffmpeg decodes float as float.
        MediaTools.Run ff = MediaTools.ok("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-af",
                "pan=mono|c0=c0,aformat=sample_fmts=flt,astats=measure_perchannel=none:measure_overall=Max_level",
                "-c:a", "pcm_f32le", "-f", "null", "-");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Max level:\\s+([0-9.]+)").matcher(ff.stderr());
        assertTrue(m.find(), ff.stderr());
        assertEquals(2.0, Double.parseDouble(m.group(1)), 1e-3, "ffmpeg decodes the +6 dBFS peak unclipped");

        MediaTools.Run info = MediaTools.ok("sndfile-info", file.toString());
        String text = info.all();
        assertTrue(!text.contains("***") && !text.toLowerCase().contains("should")
                && !text.toLowerCase().contains("error") && !text.toLowerCase().contains("warning"), text);
        assertTrue(text.replaceAll("\\s+", " ").contains("Frames : " + RATE), text);
        assertTrue(text.contains("format : IEEE float"), text);
        assertTrue(text.replaceAll("\\s+", " ").contains("Signal Max : 2 (6.02 dB)"), "libsndfile reads the peak: " + text);
    }

    @Test
    void aCrashedFloatFileIsRepairedFactIncluded() throws Exception {
        Path file = dir.resolve("crash.wav");
        byte[] first = signal(0, 4_800);
        byte[] more = signal(4_800, 9_600);
        BwfFileWriter w = BwfFileWriter.create(file, "crash.wav", F32, BwfMetadata.defaults(), "c", "1", null,
                AudioFileListener.NONE, 0);
        w.write(ByteBuffer.wrap(first));
        assertEquals(4_800, w.syncHeaders());
        w.write(ByteBuffer.wrap(more));
        // A crash now: the header claims the synced 4800 frames, the file holds 14400. Copy it as it is.
        Path copy = dir.resolve("copy.wav");
        Files.copy(file, copy);
        w.close();
        assertEquals(4_800, factFrames(copy));
        BwfRepair.Result r = BwfRepair.repair(copy);
        assertTrue(r.repaired());
        assertEquals(14_400, r.framesAfter());
        assertEquals(14_400, factFrames(copy), "fact repaired");
        try (BwfReader reader = BwfReader.open(copy)) {
            assertTrue(reader.format().isFloat());
            byte[] expected = new byte[first.length + more.length];
            System.arraycopy(first, 0, expected, 0, first.length);
            System.arraycopy(more, 0, expected, first.length, more.length);
            assertArrayEquals(expected, reader.readFrames(0, 14_400));
        }
        assertFalse(BwfRepair.repair(copy).repaired(), "a repaired file stays as it is");
        assertEquals("pcm_f32le", MediaTools.ffprobe(copy, "stream=codec_name"));
    }

    @Test
    void aFloatFilePast4GiBIsRf64WithTheSameFmt() throws Exception {
        Path file = dir.resolve("big.wav");
        int bpf = F32.bytesPerFrame();
        long frames;
        try (BwfFileWriter w = BwfFileWriter.create(file, "big.wav", F32, BwfMetadata.defaults(), "b", "1", null,
                AudioFileListener.NONE, 0)) {
            w.write(ByteBuffer.wrap(signal(0, 4_800)));
            w.skipAsHole((0x1_0000_0000L - w.dataOffset()) / bpf + 1_000 - 4_800);
            w.write(ByteBuffer.wrap(signal(0, 4_800)));
            frames = w.frames();
        }
        try (BwfReader r = BwfReader.open(file)) {
            assertTrue(r.rf64());
            assertTrue(r.format().isFloat());
            assertEquals(frames, r.frames());
            assertArrayEquals(signal(0, 4_800), r.readFrames(0, 4_800));
        }
        assertEquals(0xFFFF_FFFFL, factFrames(file), "RF64: the count is in ds64");
        assertEquals("pcm_f32le", MediaTools.ffprobe(file, "stream=codec_name"));
        assertEquals(Long.toString(frames), MediaTools.ffprobe(file, "stream=duration_ts"));
    }

    /** The fact chunk's dwSampleLength. */
    static long factFrames(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            RiffLayout l = RiffLayout.scan(file, ch);
            assertTrue(l.factOffset() > 0, "a fact chunk");
            return Integer.toUnsignedLong(RiffLayout.read(ch, l.factOffset(), 4).getInt(0));
        }
    }
}
