package io.tidemark.recorder.session;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.AudioFolders;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.audio.SegmentGrid;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files cut on the UTC grid (issue 12): 35 simulated minutes with 60 s segments from the simulated device
 * (crystal 30 ppm fast, jittery delivery), through the real capture loop and writer. Every file but the first
 * starts on the sample whose live estimate, recomputed here by replaying the stored buffer stamps into a
 * {@link LiveSampleUtc}, is nearest its grid line (app's GridSegmentsModelTest judges it by the fitted model);
 * the files' data concatenate to exactly the stream the loop captured.
 */
class SegmentGridSessionTest {

    private static final CaptureFormat FORMAT = new CaptureFormat(1, 48_000, 16);
    private static final int BUFFER = 4_800;
    private static final long SEGMENT_NS = 60_000_000_000L;
    private static final long START_NS = UtcNanos.toEpochNs(Instant.parse("2026-11-21T10:03:17.123456789Z"));
    private static final long DURATION_NS = 35L * 60_000_000_000L;

    @Test
    void everyFileButTheFirstStartsOnItsUtcGridLineAndTheFilesConcatenateToTheStream(@TempDir Path out)
            throws Exception {
        HashingSink tee;
        Path dir;
        try (SessionFolder folder = SessionFolder.create(out, UtcNanos.toInstant(START_NS), "sim")) {
            dir = folder.dir();
            SimWorld world = new SimWorld(START_NS, 2_000_000L, 3.0, 100_000, 5,
                    SimulatedDeviceConfig.defaults().withRatePpm(30.0).withSeed(5), FORMAT, BUFFER, dir);
            ClockReading start = world.clock().read();
            TimestampStore store = TimestampStore.create(dir, new SessionInfo(folder.sessionId(), "sim", 1, 48_000, 16,
                    BUFFER, "h", "t", "{}", true, start.realtimeNs(), start.monoRawNs(), null, null, null));
            store.setRealtimeSource(world.clock()::realtimeNs);
            LiveSampleUtc live = new LiveSampleUtc(FORMAT.sampleRateHz());
            RotatingBwfWriter writer = new RotatingBwfWriter(dir, folder.sessionId(), FORMAT, new SegmentGrid(SEGMENT_NS),
                    live, new StoreFileListener(store, world.clock()), BwfMetadata.defaults(), world.clock()::realtimeNs,
                    AudioFolders.SESSION_ONLY);
            tee = new HashingSink(new BwfAudioSink(writer), FORMAT.bytesPerFrame());
            RecordingSession session = new RecordingSession(folder, store, world.device(), FORMAT, world.clock(),
                    ReferenceTime.NONE, ReferenceTime.NONE, tee, world.pause(),
                    new RecordingSession.Options(DURATION_NS, BUFFER, 3_600_000_000_000L, 1 << 20, 1 << 21,
                            2_000_000_000L), RecordingSession.Listener.NONE).feeding(live);
            RecordingSession.Outcome o = session.run(world.device().open());
            assertEquals(RecordingSession.StopReason.COMPLETED, o.stopReason(), o.message());
            store.close();
            world.close();
        }
        List<FileRow> files;
        List<BufferStamp> buffers = new ArrayList<>();
        try (SessionReader db = SessionReader.open(dir)) {
            files = db.files();
            db.forEachBuffer(buffers::add);
        }
        // 10:03:17 to 10:38:17: a first file to 10:04, 34 whole minutes, the rest.
        assertEquals(36, files.size(), files.toString());
        DateTimeFormatter nameTime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        double nsPerFrame = 1e9 / FORMAT.sampleRateHz();
        // LiveSampleUtc's estimate as each buffer was written: the stored stamps replayed into a fresh one.
        LiveSampleUtc replay = new LiveSampleUtc(FORMAT.sampleRateHz());
        int b = 0;
        replay.update(buffers.get(0));
        long worstNs = 0;
        for (int k = 1; k < files.size(); k++) {
            long first = files.get(k).firstSampleIndex();
            while (buffers.get(b).endSampleIndex() <= first) {
                replay.update(buffers.get(++b));
            }
            BufferStamp carrier = buffers.get(b);
            assertTrue(carrier.sampleIndex() <= first, "a buffer carries sample " + first);
            long estNs = replay.utcNsOfSample(first).orElseThrow();
            long estBeforeNs = replay.utcNsOfSample(first - 1).orElseThrow();
            long halfNs = Math.round(nsPerFrame / 2);
            long lineNs = Math.floorDiv(estNs + halfNs, SEGMENT_NS) * SEGMENT_NS;
            assertTrue(estNs + halfNs >= lineNs && estBeforeNs + halfNs < lineNs, "file " + k + " starts at the"
                    + " sample nearest its line: " + (estNs - lineNs) + " ns from it, the sample before " + (estBeforeNs - lineNs));
            assertEquals(lineNs, Math.floorDiv(START_NS, SEGMENT_NS) * SEGMENT_NS + k * SEGMENT_NS, "file " + k + "'s line");
            worstNs = Math.max(worstNs, Math.abs(estNs - lineNs));
            String name = Path.of(files.get(k).path()).getFileName().toString();
            assertTrue(name.contains("_" + nameTime.format(UtcNanos.toInstant(lineNs)) + "_"), name);
        }
        assertTrue(worstNs <= nsPerFrame / 2 + 1, "within half a sample: " + worstNs + " ns");
        // The first file starts at the session's first sample, off the grid, and its name says when.
        assertEquals(0, files.get(0).firstSampleIndex());
        assertTrue(files.get(0).path().contains("_20261121T100317Z_"), files.get(0).path());
        // Bit for bit: the data chunks, in order, are the captured stream.
        long next = 0;
        for (FileRow f : files) {
            assertEquals(next, f.firstSampleIndex(), "files follow each other without gap or overlap");
            next += f.frames();
        }
        assertEquals(tee.frames, next);
        assertEquals(tee.hex(), HashingSink.concatenatedData(dir, files, FORMAT.bytesPerFrame()));
        System.out.printf("SegmentGridSessionTest: %d files, worst start %.1f µs from its line (one sample %.1f µs)%n",
                files.size(), worstNs / 1e3, nsPerFrame / 1e3);
    }
}
