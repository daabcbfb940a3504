package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotatingBwfWriterTest {

    private static final int RATE = 48_000;
    private static final long START_UTC_NS = 1_795_290_000_123_456_789L; // 2026-11-21T19:40:00.123456789Z
    private static final SampleUtc CLOCK = i -> OptionalLong.of(START_UTC_NS + i * 1_000_000_000L / RATE);

    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = TempDirs.create("bwf-rotate");
    }

    @AfterEach
    void tearDown() throws Exception {
        TempDirs.delete(dir);
    }

    @Test
    void roundTripIsSampleExactAcrossRotationsViaBwfReaderAndSox() throws Exception {
        CaptureFormat format = new CaptureFormat(8, RATE, 24);
        int bpf = format.bytesPerFrame();
        long rotate = 10_007; // a prime: buffers of 4 800 straddle every boundary at a different place
        int total = 53_000;
        byte[] all = new byte[total * bpf];
        new SplittableRandom(42).nextBytes(all);
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "rt", format, rotate, CLOCK, events)) {
            for (int at = 0; at < total; ) {
                int n = Math.min(4_800, total - at);
                w.write(all, at * bpf, n, 1_000_000L + at); // the session's sample index need not start at 0
                at += n;
                w.syncHeaders();
            }
        }
        assertEquals(6, events.opened.size()); // 5 full files and the rest
        ByteArrayOutputStream viaReader = new ByteArrayOutputStream();
        ByteArrayOutputStream viaSox = new ByteArrayOutputStream();
        long expectFirst = 1_000_000L;
        for (int k = 0; k < events.opened.size(); k++) {
            String name = events.opened.get(k);
            assertTrue(name.matches("rt_\\d{8}T\\d{6}Z_\\d{4}\\.wav"), name);
            assertEquals(String.format("%04d", k + 1), name.substring(name.length() - 8, name.length() - 4));
            assertEquals(expectFirst, events.firstIndex.get(k));
            long frames = events.closedFrames.get(k);
            assertEquals(k < 5 ? rotate : total - 5 * rotate, frames);
            Path file = dir.resolve(name);
            try (BwfReader r = BwfReader.open(file)) {
                assertEquals(frames, r.frames());
                // TimeReference of each file is its own first sample's
                long tr = TimeReference.of(CLOCK.utcNsOfSample(expectFirst).getAsLong(), RATE).samplesSinceMidnight();
                assertEquals(tr, r.bext().orElseThrow().timeReference());
                assertEquals(tr, r.ixml().orElseThrow().timestampSamplesSinceMidnight());
                // read by ranges that do not line up with anything
                for (long at = 0; at < frames; at += 3_001) {
                    viaReader.write(r.readFrames(at, 3_001));
                }
            }
            Path raw = dir.resolve(name + ".raw");
            MediaTools.ok("sox", file.toString(), "-t", "raw", raw.toString());
            viaSox.write(Files.readAllBytes(raw));
            Files.delete(raw);
            expectFirst += frames;
        }
        assertArrayEquals(all, viaReader.toByteArray());
        assertArrayEquals(all, viaSox.toByteArray());
    }

    @Test
    void namesComeFromTheFirstSamplesUtc() throws Exception {
        CaptureFormat format = new CaptureFormat(2, RATE, 16);
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "nm", format, RATE * 60L, CLOCK, events)) {
            w.write(new byte[4 * 100], 0, 100, 0);
        }
        assertEquals(List.of("nm_20261121T194000Z_0001.wav"), events.opened);
    }

    @Test
    void neverOverwritesAnExistingFile() throws Exception {
        CaptureFormat format = new CaptureFormat(2, RATE, 16);
        Path existing = dir.resolve("nw_20261121T194000Z_0001.wav");
        byte[] precious = new byte[10_000];
        new SplittableRandom(3).nextBytes(precious);
        Files.write(existing, precious);
        Path alsoExisting = dir.resolve("nw_20261121T194000Z_0002.wav");
        Files.write(alsoExisting, precious);
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "nw", format, 1_000, CLOCK, events)) {
            w.write(new byte[4 * 1_500], 0, 1_500, 0);
        }
        assertEquals(List.of("nw_20261121T194000Z_0003.wav", "nw_20261121T194000Z_0004.wav"), events.opened);
        assertArrayEquals(precious, Files.readAllBytes(existing));
        assertArrayEquals(precious, Files.readAllBytes(alsoExisting));
        // and the file writer itself refuses an existing path
        assertThrowsFileExists(existing, format);
        assertArrayEquals(precious, Files.readAllBytes(existing));
    }

    private static void assertThrowsFileExists(Path existing, CaptureFormat format) {
        try {
            BwfFileWriter.create(existing, existing.getFileName().toString(), format, BwfMetadata.defaults(), "x", "1",
                    null, AudioFileListener.NONE, 0).close();
            throw new AssertionError("opened an existing file");
        } catch (java.nio.file.FileAlreadyExistsException expected) {
            // good
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aGapInTheSampleIndexStartsANewFile() throws Exception {
        CaptureFormat format = new CaptureFormat(1, RATE, 16);
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "gap", format, 1_000_000, CLOCK, events)) {
            w.write(new byte[200], 0, 100, 0);
            w.write(new byte[200], 0, 100, 500);
        }
        assertEquals(List.of(0L, 500L), events.firstIndex);
        assertEquals(List.of(100L, 100L), events.closedFrames);
    }

    @Test
    void syncReportsFramesAndRefinesTheTimeReference() throws Exception {
        CaptureFormat format = new CaptureFormat(2, RATE, 24);
        long[] estimate = {START_UTC_NS};
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "ref", format, 1_000_000, i -> OptionalLong.of(estimate[0]),
                events)) {
            w.write(new byte[6 * 480], 0, 480, 0);
            estimate[0] = START_UTC_NS + 2_500_000; // the estimate moved by 2.5 ms
            w.syncHeaders();
            assertEquals(List.of(480L), events.syncedFrames);
            try (BwfReader r = BwfReader.open(w.currentFile())) {
                assertEquals(480, r.frames());
                long tr = TimeReference.of(estimate[0], RATE).samplesSinceMidnight();
                assertEquals(tr, r.bext().orElseThrow().timeReference());
                assertEquals(tr, r.ixml().orElseThrow().timestampSamplesSinceMidnight());
                assertTrue(r.bext().orElseThrow().description().contains("19:40:00.125957Z"),
                        r.bext().orElseThrow().description());
            }
        }
    }

    @Test
    void withoutAnEstimateTheFileSaysSoAndIsNamedByTheFallbackClock() throws Exception {
        CaptureFormat format = new CaptureFormat(2, RATE, 16);
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "unk", format, 1_000_000, SampleUtc.UNKNOWN, events,
                BwfMetadata.defaults(), () -> 0L)) {
            w.write(new byte[400], 0, 100, 0);
        }
        assertEquals(List.of("unk_19700101T000000Z_0001.wav"), events.opened);
        try (BwfReader r = BwfReader.open(dir.resolve(events.opened.get(0)))) {
            assertEquals(0, r.bext().orElseThrow().timeReference());
            assertTrue(r.bext().orElseThrow().description().contains("unknown"));
            assertEquals(-1, r.ixml().orElseThrow().timestampSamplesSinceMidnight());
        }
    }

    @Test
    void headerRefreshKeepsTheDataOffset() throws Exception {
        // every header write must have the same length, or audio would be overwritten
        CaptureFormat format = new CaptureFormat(8, 192_000, 32);
        long[] estimate = {-1};
        Events events = new Events();
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "off", format, 1_000_000,
                i -> estimate[0] < 0 ? OptionalLong.empty() : OptionalLong.of(estimate[0]), events,
                BwfMetadata.defaults(), () -> START_UTC_NS)) {
            byte[] pcm = new byte[32 * 100];
            Arrays.fill(pcm, (byte) 0x5A);
            w.write(pcm, 0, 100, 0);
            estimate[0] = START_UTC_NS + 86_399_999_000_000L - (START_UTC_NS % 86_400_000_000_000L); // 23:59:59.999
            w.syncHeaders();
            w.write(pcm, 0, 100, 100);
            try (BwfReader r = BwfReader.open(w.currentFile())) {
                assertNotEquals(0, r.bext().orElseThrow().timeReference());
            }
        }
        try (BwfReader r = BwfReader.open(dir.resolve(events.opened.get(0)))) {
            byte[] back = r.readFrames(0, 200);
            for (byte b : back) {
                assertEquals(0x5A, b);
            }
        }
    }

    static final class Events implements AudioFileListener {
        final List<String> opened = new ArrayList<>();
        final List<Long> firstIndex = new ArrayList<>();
        final List<Long> syncedFrames = new ArrayList<>();
        final List<Long> closedFrames = new ArrayList<>();

        @Override
        public synchronized void fileOpened(String relativePath, long firstSampleIndex) {
            opened.add(relativePath);
            firstIndex.add(firstSampleIndex);
        }

        @Override
        public synchronized void fileSynced(String relativePath, long frames) {
            syncedFrames.add(frames);
        }

        @Override
        public synchronized void fileClosed(String relativePath, long frames, String dataSha256) {
            closedFrames.add(frames);
        }
    }
}
