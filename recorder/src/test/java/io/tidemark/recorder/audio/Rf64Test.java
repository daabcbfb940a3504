package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file written past 4 GiB turns into RF64 and the tools read its full length. Real writes of zeroed
 * buffers (about 4.1 GiB on disk for a moment; the folder is removed afterwards).
 */
class Rf64Test {

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-rf64");
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    @Test
    void aFilePast4GiBBecomesRf64AndEveryToolReadsItsDuration() throws Exception {
        CaptureFormat format = new CaptureFormat(8, 48_000, 24);
        int bpf = format.bytesPerFrame();
        int bufferFrames = 43_690; // ~1 MiB
        long frames = (4L * 1024 * 1024 * 1024 + 32L * 1024 * 1024) / bpf;
        byte[] zeros = new byte[bufferFrames * bpf];
        RotatingBwfWriterTest.Events events = new RotatingBwfWriterTest.Events();
        List<String> opened = events.opened;
        boolean sawRiffNear4GiB = false;
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "rf", format, Long.MAX_VALUE,
                i -> OptionalLong.of(1_795_290_000_000_000_000L), events)) {
            long at = 0;
            while (at < frames) {
                int n = (int) Math.min(bufferFrames, frames - at);
                w.write(zeros, 0, n, at);
                at += n;
                long bytes = at * bpf;
                if (!sawRiffNear4GiB && bytes > 4_200_000_000L) {
                    w.syncHeaders();
                    try (BwfReader r = BwfReader.open(w.currentFile())) {
                        assertFalse(r.rf64(), "still plain RIFF below 4 GiB");
                        assertEquals(at, r.frames());
                    }
                    sawRiffNear4GiB = true;
                }
            }
            w.syncHeaders();
            try (BwfReader r = BwfReader.open(w.currentFile())) {
                assertTrue(r.rf64(), "RF64 once past 4 GiB");
                assertEquals(frames, r.frames());
            }
        }
        assertTrue(sawRiffNear4GiB);
        Path file = dir.resolve(opened.get(0));
        assertTrue(Files.size(file) > 0x1_0000_0000L);
        try (BwfReader r = BwfReader.open(file)) {
            assertTrue(r.rf64());
            assertEquals(frames, r.frames());
            assertEquals(1_795_290_000L % 86_400 * 48_000, r.bext().orElseThrow().timeReference());
        }
        assertEquals(Long.toString(frames), MediaTools.ffprobe(file, "stream=duration_ts"));
        assertEquals(Long.toString(frames), MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
        String info = MediaTools.ok("sndfile-info", file.toString()).all();
        assertTrue(info.contains("RF64"), info);
        assertTrue(info.replaceAll("\\s+", " ").contains("Frames : " + frames), info);
        assertFalse(info.contains("***"), info);
    }
}
