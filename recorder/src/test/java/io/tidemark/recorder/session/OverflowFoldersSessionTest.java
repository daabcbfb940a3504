package io.tidemark.recorder.session;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.AudioFolders;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.FreeSpace;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.audio.SegmentGrid;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overflow folders (issue 12): "disk 1" (the session's folder) and "disk 2" (an overflow root) are small
 * disks as a {@link FreeSpace} probe tells it (their capacity minus the audio written to them), so no real
 * disk fills. Disk 1 fills, recording goes on in disk 2 with a folder_changed event and absolute paths; disk 2
 * fills and the next overflow root is not there, so the session stops cleanly with stop_reason disk_full.
 * Not a single sample is lost at the folder change: the files still concatenate to the captured stream.
 */
class OverflowFoldersSessionTest {

    private static final CaptureFormat FORMAT = new CaptureFormat(1, 48_000, 16);
    private static final int BUFFER = 4_800;
    private static final long SEGMENT_NS = 60_000_000_000L;
    private static final long MINUTE_BYTES = 60L * 48_000 * 2;
    private static final long START_NS = UtcNanos.toEpochNs(Instant.parse("2026-11-21T10:00:17Z"));

    @Test
    void goesOnInTheNextFolderWhenOneFillsAndStopsCleanlyWhenNoneHasRoom(@TempDir Path out, @TempDir Path disk2)
            throws Exception {
        Path absent = disk2.resolveSibling(disk2.getFileName() + "-not-mounted");
        Map<Path, Long> capacity = Map.of(out, (long) (2.5 * MINUTE_BYTES), disk2, (long) (2.2 * MINUTE_BYTES));
        FreeSpace probe = folder -> {
            for (Map.Entry<Path, Long> disk : capacity.entrySet()) {
                if (folder.startsWith(disk.getKey())) {
                    return disk.getValue() - wavBytesUnder(disk.getKey());
                }
            }
            throw new IOException("no such disk: " + folder);
        };
        long reserve = MINUTE_BYTES + (1 << 16); // one segment's audio and a little
        HashingSink tee;
        Path dir;
        RecordingSession.Outcome o;
        try (SessionFolder folder = SessionFolder.create(out, UtcNanos.toInstant(START_NS), "sim")) {
            dir = folder.dir();
            SimWorld world = new SimWorld(START_NS, 0, 0.0, 100_000, 9, SimulatedDeviceConfig.defaults().withSeed(9),
                    FORMAT, BUFFER, dir);
            ClockReading start = world.clock().read();
            TimestampStore store = TimestampStore.create(dir, new SessionInfo(folder.sessionId(), "sim", 1, 48_000, 16,
                    BUFFER, "h", "t", "{}", true, start.realtimeNs(), start.monoRawNs(), null, null, null));
            store.setRealtimeSource(world.clock()::realtimeNs);
            LiveSampleUtc live = new LiveSampleUtc(FORMAT.sampleRateHz());
            RotatingBwfWriter writer = new RotatingBwfWriter(dir, folder.sessionId(), FORMAT, new SegmentGrid(SEGMENT_NS),
                    live, new StoreFileListener(store, world.clock()), BwfMetadata.defaults(), world.clock()::realtimeNs,
                    new AudioFolders(List.of(disk2, absent), reserve, probe));
            tee = new HashingSink(new BwfAudioSink(writer), FORMAT.bytesPerFrame());
            RecordingSession session = new RecordingSession(folder, store, world.device(), FORMAT, world.clock(),
                    ReferenceTime.NONE, ReferenceTime.NONE, tee, world.pause(),
                    new RecordingSession.Options(20 * SEGMENT_NS, BUFFER, 3_600_000_000_000L, 1 << 20, 1 << 21,
                            2_000_000_000L), RecordingSession.Listener.NONE).feeding(live);
            o = session.run(world.device().open());
            store.close();
            world.close();
        }
        assertEquals(RecordingSession.StopReason.DISK_FULL, o.stopReason(), o.message());
        List<FileRow> files;
        List<SessionEvent> events;
        String stopReason;
        try (SessionReader db = SessionReader.open(dir)) {
            files = db.files();
            events = db.events();
            stopReason = db.session().stopReason();
        }
        assertEquals("disk_full", stopReason);
        // Disk 1: the first file (43 s) and one whole minute; then 1.28 min free < the reserve.
        // Disk 2: two whole minutes; then 0.2 min free, and the next root is not mounted.
        assertEquals(4, files.size(), files.toString());
        Path overflowDir = disk2.resolve(dir.getFileName().toString());
        for (int k = 0; k < 4; k++) {
            String path = files.get(k).path();
            if (k < 2) {
                assertFalse(Path.of(path).isAbsolute(), path);
                assertTrue(Files.isRegularFile(dir.resolve(path)), path);
            } else {
                assertTrue(Path.of(path).isAbsolute(), "an overflow file is on record by absolute path: " + path);
                assertEquals(overflowDir.toAbsolutePath(), Path.of(path).getParent());
            }
            assertEquals(FileRow.CLOSED, files.get(k).status());
        }
        List<SessionEvent> moves = events.stream().filter(e -> e.kind() == SessionEvent.Kind.FOLDER_CHANGED).toList();
        assertEquals(1, moves.size(), events.toString());
        assertTrue(moves.get(0).detail().contains(overflowDir.toAbsolutePath().toString()), moves.get(0).detail());
        assertEquals(files.get(2).firstSampleIndex(), moves.get(0).sampleIndex());
        assertTrue(events.stream().anyMatch(e -> e.kind() == SessionEvent.Kind.DISK_FULL
                && e.detail().contains("no audio folder")), events.toString());
        assertTrue(Files.isRegularFile(dir.resolve(TimestampStore.FILE_NAME)), "the database stays in the session folder");
        long next = 0;
        for (FileRow f : files) {
            assertEquals(next, f.firstSampleIndex());
            next += f.frames();
        }
        // The buffer that found no room was split at the grid line: its part before the line is in the last file.
        long partial = next - tee.frames;
        assertTrue(partial >= 0 && partial < BUFFER, "frames of the last buffer kept: " + partial);
        assertEquals(tee.hexWith(partial), HashingSink.concatenatedData(dir, files, FORMAT.bytesPerFrame()));
    }

    private static long wavBytesUnder(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(".wav")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
