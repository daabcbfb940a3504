package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file written past 4 GiB turns into RF64 and the tools read its full length. To stay fast the
 * middle of the file is a hole (sparse, reads as zeros): the writer writes 64 MiB of real buffers,
 * skips to just below 4 GiB, then writes real buffers across the 4 GiB line, syncing on both sides.
 * Every check reads headers only: our reader, ffprobe, mediainfo, and sndfile-info's header part
 * (it then scans all samples for "Signal Max", so it is stopped there). sox is left out here: even
 * {@code sox --i -c} reads the whole 4 GiB of an RF64 file (minutes); BwfToolsTest covers sox.
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
        ByteBuffer zeros = ByteBuffer.allocateDirect(bufferFrames * bpf);
        Path file = dir.resolve("rf64.wav");
        RotatingBwfWriterTest.Events events = new RotatingBwfWriterTest.Events();
        long frames = 0;
        try (BwfFileWriter w = BwfFileWriter.create(file, "rf64.wav", format, BwfMetadata.defaults(), "rf", "1",
                TimeReference.of(1_795_290_000_000_000_000L, 48_000), events, 0)) {
            for (int i = 0; i < 64; i++) {
                w.write(zeros.clear());
                frames += bufferFrames;
            }
            long below = (0xFFFF_FFFFL - 48L * 1024 * 1024 - w.dataOffset()) / bpf;
            w.skipAsHole(below - frames);
            frames = below;
            w.write(zeros.clear());
            frames += bufferFrames;
            assertEquals(frames, w.syncHeaders());
            try (BwfReader r = BwfReader.open(file)) {
                assertFalse(r.rf64(), "still plain RIFF below 4 GiB");
                assertEquals(frames, r.frames());
            }
            while (w.dataOffset() + frames * bpf <= 0x1_0000_0000L + 16L * 1024 * 1024) {
                w.write(zeros.clear());
                frames += bufferFrames;
            }
            assertEquals(frames, w.syncHeaders());
            try (BwfReader r = BwfReader.open(file)) {
                assertTrue(r.rf64(), "RF64 once past 4 GiB");
                assertEquals(frames, r.frames());
            }
        }
        assertEquals(frames, events.closedFrames.get(0));
        assertTrue(Files.size(file) > 0x1_0000_0000L);
        try (BwfReader r = BwfReader.open(file)) {
            assertTrue(r.rf64());
            assertEquals(frames, r.frames());
            assertEquals(1_795_290_000L % 86_400 * 48_000, r.bext().orElseThrow().timeReference());
        }
        assertEquals(Long.toString(frames), MediaTools.ffprobe(file, "stream=duration_ts"));
        assertEquals(Long.toString(frames),
                MediaTools.ok("mediainfo", "--Inform=Audio;%SamplingCount%", file.toString()).stdout().trim());
        String info = String.join("\n", MediaTools.headerLines("Duration", "sndfile-info", file.toString()));
        assertTrue(info.contains("RF64"), info);
        String oneLine = info.replaceAll("\\s+", " ");
        assertTrue(oneLine.contains("Data size : " + frames * bpf), "ds64 data size: " + info);
        assertTrue(oneLine.contains("Frames : " + frames), info);
        // libsndfile's RF64 parser flags every chunk it does not itself use with "***", among them the
        // valid fact and iXML chunks; anything else flagged is a fault.
        assertTrue(info.lines().filter(l -> l.contains("***"))
                .allMatch(l -> l.trim().matches("\\*\\*\\* (fact|iXML) : \\d+ \\(unknown marker\\)")), info);
    }
}
