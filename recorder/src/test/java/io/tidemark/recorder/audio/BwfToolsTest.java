package io.tidemark.recorder.audio;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.common.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files as ffprobe, MediaInfo, SoX and libsndfile (sndfile-info) read them. */
class BwfToolsTest {

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-tools");
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    @ParameterizedTest(name = "{0} ch, {1}-bit")
    @CsvSource({"1,16", "1,24", "1,32", "2,16", "2,24", "2,32", "8,16", "8,24", "8,32"})
    void everyToolReadsTheFileAndItsTimeReference(int channels, int bits) throws Exception {
        CaptureFormat format = new CaptureFormat(channels, 48_000, bits);
        long startUtcNs = 1_795_290_000_123_456_789L + channels * 7_777_777L + bits; // 2026-11-21T19:40:00.12...Z
        int frames = 48_000;
        List<String> opened = new ArrayList<>();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "tools", format, 10L * frames,
                i -> OptionalLong.of(startUtcNs + i * 1_000_000_000L / 48_000), new RecordingListener(opened))) {
            byte[] pcm = new byte[frames * format.bytesPerFrame()];
            new SplittableRandom(channels * 100L + bits).nextBytes(pcm);
            w.write(pcm, 0, frames, 0);
        }
        assertEquals(1, opened.size());
        Path file = dir.resolve(opened.get(0));
        long timeReference = TimeReference.of(startUtcNs, 48_000).samplesSinceMidnight();

        // ffprobe: the bext TimeReference as tag time_reference, and the sample count
        assertEquals(Long.toString(timeReference), MediaTools.ffprobe(file, "format_tags=time_reference"));
        assertEquals(Integer.toString(frames), MediaTools.ffprobe(file, "stream=duration_ts"));
        assertEquals("pcm_s" + bits + "le", MediaTools.ffprobe(file, "stream=codec_name"));
        MediaTools.Run ffErrors = MediaTools.ok("ffprobe", "-v", "warning", "-i", file.toString());
        assertEquals("", ffErrors.stderr().trim().replaceAll("(?s)^Input #0.*", ""), "ffprobe warnings");

        // MediaInfo: Delay = TimeReference / fs, from the bext chunk
        JsonNode mi = Json.MAPPER.readTree(MediaTools.ok("mediainfo", "--Output=JSON", file.toString()).stdout());
        JsonNode audio = null;
        for (JsonNode t : mi.path("media").path("track")) {
            if ("Audio".equals(t.path("@type").asText())) {
                audio = t;
            }
        }
        assertTrue(audio != null, "mediainfo found no audio track");
        assertEquals("Container (bext)", audio.path("Delay_Source").asText());
        assertEquals(timeReference / 48.0, Double.parseDouble(audio.path("Delay").asText()) * 1000, 1e-3,
                "mediainfo Delay (ms)");
        assertEquals(Integer.toString(frames), audio.path("SamplingCount").asText());

        // SoX: header info and a full read
        assertEquals(Integer.toString(frames), MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
        assertEquals(Integer.toString(channels), MediaTools.ok("sox", "--i", "-c", file.toString()).stdout().trim());
        assertEquals(Integer.toString(bits), MediaTools.ok("sox", "--i", "-b", file.toString()).stdout().trim());
        MediaTools.Run stat = MediaTools.ok("sox", file.toString(), "-n", "stat");
        assertTrue(stat.stderr().contains("Samples read:") && stat.stderr().replaceAll("\\s+", " ")
                .contains("Samples read: " + (long) frames * channels), stat.stderr());
        assertTrue(!stat.stderr().contains("WARN") && !stat.stderr().contains("FAIL"), stat.stderr());

        // libsndfile: no complaint at all, and the bext it reads
        MediaTools.Run info = MediaTools.ok("sndfile-info", file.toString());
        String text = info.all();
        assertTrue(!text.contains("***") && !text.toLowerCase().contains("should")
                && !text.toLowerCase().contains("error") && !text.toLowerCase().contains("warning"), text);
        assertTrue(text.replaceAll("\\s+", " ").contains("Frames : " + frames), text);
        MediaTools.Run bext = MediaTools.ok("sndfile-info", "--broadcast", file.toString());
        // it prints the TimeReference in hex: "Time ref : 0x0ca8f909b (70800.131229 seconds)"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Time ref\\s*:\\s*0x([0-9a-fA-F]+)").matcher(bext.all());
        assertTrue(m.find(), bext.all());
        assertEquals(timeReference, Long.parseLong(m.group(1), 16));
        assertTrue(bext.all().contains("Origination date         : 2026-11-21"), bext.all());
    }

    record RecordingListener(List<String> opened) implements AudioFileListener {
        @Override
        public void fileOpened(String relativePath, long firstSampleIndex) {
            opened.add(relativePath);
        }

        @Override
        public void fileSynced(String relativePath, long frames) {
        }

        @Override
        public void fileClosed(String relativePath, long frames, String dataSha256) {
        }
    }
}
