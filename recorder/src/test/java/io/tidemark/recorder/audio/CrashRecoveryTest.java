package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 in mid-recording, a file copied mid-write (what a power cut leaves), and BwfRepair. */
class CrashRecoveryTest {

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-crash");
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    @Test
    void killedWriterLeavesAPlayableFileThatRepairCompletes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
        long lastSynced = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int syncs = 0;
            for (String line; syncs < 3 && (line = out.readLine()) != null; ) {
                if (line.startsWith("synced ")) {
                    lastSynced = Long.parseLong(line.substring(7));
                    syncs++;
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(lastSynced > 0, "the child never synced");
        List<Path> files = wavs();
        assertEquals(1, files.size());
        Path file = files.get(0);

        // it plays as it is: the header describes at least everything up to the last sync
        long ffFrames = Long.parseLong(MediaTools.ffprobe(file, "stream=duration_ts"));
        assertTrue(ffFrames >= lastSynced, ffFrames + " < " + lastSynced);
        MediaTools.ok("sox", file.toString(), "-n", "stat");
        long soxFrames = Long.parseLong(MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
        assertEquals(ffFrames, soxFrames);

        // repair: sizes from the file length in whole frames; no byte removed
        long lengthBefore = Files.size(file);
        BwfRepair.Result r = BwfRepair.repair(file);
        assertEquals(lengthBefore, Files.size(file));
        long framesOnDisk;
        try (BwfReader reader = BwfReader.open(file)) {
            framesOnDisk = (lengthBefore - reader.dataOffset()) / CrashWriterMain.FORMAT.bytesPerFrame();
            assertEquals(framesOnDisk, reader.frames());
            assertKnownSignal(reader);
        }
        assertEquals(framesOnDisk, r.framesAfter());
        assertEquals(framesOnDisk > r.framesBefore(), r.repaired());
        assertTrue(r.framesAfter() >= lastSynced, "repair lost synced audio");
        assertEquals(Long.toString(framesOnDisk), MediaTools.ffprobe(file, "stream=duration_ts"));
        assertEquals(Long.toString(framesOnDisk), MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
        // a second run finds nothing to do
        assertFalse(BwfRepair.repair(file).repaired());
    }

    @Test
    void aCopyTakenMidWritePlaysToTheLastSyncAndRepairRecoversTheRest() throws Exception {
        CaptureFormat format = CrashWriterMain.FORMAT;
        int n = CrashWriterMain.BUFFER_FRAMES;
        byte[] pcm = new byte[n * format.bytesPerFrame()];
        Path live = dir.resolve("live");
        Files.createDirectory(live);
        Path neverSynced = dir.resolve("never-synced.wav");
        Path synced = dir.resolve("synced.wav");
        try (RotatingBwfWriter w = new RotatingBwfWriter(live, "cp", format, 1_000_000, i -> OptionalLong.of(
                1_795_290_000_000_000_000L), AudioFileListener.NONE)) {
            long index = 0;
            for (int b = 0; b < 3; b++, index += n) {
                CrashWriterMain.fill(pcm, index * format.bytesPerFrame());
                w.write(pcm, 0, n, index);
            }
            Files.copy(w.currentFile(), neverSynced); // crash before the first sync: sizes are zero
            w.syncHeaders();
            for (int b = 0; b < 2; b++, index += n) {
                CrashWriterMain.fill(pcm, index * format.bytesPerFrame());
                w.write(pcm, 0, n, index);
            }
            // plus half a frame, as a write cut short would leave
            CrashWriterMain.fill(pcm, index * format.bytesPerFrame());
            Files.copy(w.currentFile(), synced);
            try (RandomAccessFile f = new RandomAccessFile(synced.toFile(), "rw")) {
                f.seek(f.length());
                f.write(pcm, 0, format.bytesPerFrame() / 2);
            }
        }
        // synced copy: plays the synced part as it is
        assertEquals(Long.toString(3L * n), MediaTools.ffprobe(synced, "stream=duration_ts"));
        assertEquals(Long.toString(3L * n), MediaTools.ok("sox", "--i", "-s", synced.toString()).stdout().trim());
        MediaTools.ok("sox", synced.toString(), "-n", "stat");

        List<BwfRepair.Result> repaired = BwfRepair.repairAll(dir);
        assertEquals(2, repaired.size());
        assertEquals(new BwfRepair.Result(neverSynced, 0, 3L * n, true), repaired.get(0));
        assertEquals(new BwfRepair.Result(synced, 3L * n, 5L * n, true), repaired.get(1));
        for (Path p : List.of(neverSynced, synced)) {
            try (BwfReader reader = BwfReader.open(p)) {
                assertKnownSignal(reader);
            }
            MediaTools.ok("sox", p.toString(), "-n", "stat");
            String info = MediaTools.ok("sndfile-info", p.toString()).all();
            assertFalse(info.toLowerCase().contains("error"), info);
        }
        assertEquals(Long.toString(5L * n), MediaTools.ffprobe(synced, "stream=duration_ts"));
    }

    @Test
    void repairTurnsAFilePast4GiBIntoRf64InItsJunkChunk() throws Exception {
        // the unsynced tail is a hole the test punches (zeros); repair only rewrites header fields
        CaptureFormat format = new CaptureFormat(8, 48_000, 24);
        Path file;
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "big", format, Long.MAX_VALUE, i -> OptionalLong.of(
                1_795_290_000_000_000_000L), AudioFileListener.NONE)) {
            w.write(new byte[24 * 1000], 0, 1000, 0);
            w.syncHeaders();
            file = w.currentFile();
            Path copy = dir.resolve("crashed.wav");
            Files.copy(file, copy);
            file = copy;
        }
        long length = 4L * 1024 * 1024 * 1024 + 1_000_000;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
        BwfRepair.Result r = BwfRepair.repair(file);
        assertTrue(r.repaired());
        assertEquals(length, Files.size(file));
        try (BwfReader reader = BwfReader.open(file)) {
            assertTrue(reader.rf64());
            assertEquals((length - reader.dataOffset()) / 24, reader.frames());
            assertEquals(r.framesAfter(), reader.frames());
        }
        assertEquals(Long.toString(r.framesAfter()), MediaTools.ffprobe(file, "stream=duration_ts"));
        assertEquals(Long.toString(r.framesAfter()), MediaTools.ok("sox", "--i", "-s", file.toString()).stdout().trim());
    }

    private static void assertKnownSignal(BwfReader reader) throws Exception {
        int bpf = reader.format().blockAlign();
        int chunk = 10_000;
        for (long at = 0; at < reader.frames(); at += chunk) {
            byte[] got = reader.readFrames(at, chunk);
            byte[] want = new byte[got.length];
            for (int i = 0; i < want.length; i++) {
                want[i] = CrashWriterMain.byteAt(at * bpf + i);
            }
            assertArrayEquals(want, got, "frames from " + at);
        }
    }

    private List<Path> wavs() throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
    }
}
