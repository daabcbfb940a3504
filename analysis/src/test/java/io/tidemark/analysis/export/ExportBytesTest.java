package io.tidemark.analysis.export;

import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain export holds the recorded bytes themselves: all channels (copied inside the kernel) and a
 * channel selection, across a file boundary, and silence where no file has the frames.
 */
class ExportBytesTest {

    static final long S = 1_000_000_000L;
    static final int FS = 48_000;
    static final int BA = 4; // 2 ch of 16 bit
    @TempDir
    static Path tmp;
    static SimulatedSessionFolder session;
    static TimeModel model;

    @BeforeAll
    static void record() throws Exception {
        // Files rotate every 20 s, so 50 s of export cross two boundaries.
        session = SimulatedSessionFolder.create(tmp, Scenario.base("bytes", 70 * S), FS * 20L, x -> x);
        model = session.model();
    }

    @Test
    void allChannelsAreTheRecordedBytesAcrossFileBoundaries() throws Exception {
        Path out = tmp.resolve("all.wav");
        Exporter.Result r = Exporter.export(session.dir, model, Scenario.START + 5 * S, Scenario.START + 55 * S,
                null, false, out, f -> { });
        long first = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        assertTrue(model.files().size() >= 3, "files " + model.files().size());
        byte[] expected = recorded(first, r.frames());
        assertTrue(nonZero(expected) > r.frames(), "the sine and clicks are there to compare");
        assertArrayEquals(expected, dataOf(out, r.frames()));
    }

    @Test
    void aChannelSelectionInAnyOrderHasThoseChannelsBytes() throws Exception {
        Path out = tmp.resolve("swapped.wav");
        Exporter.Result r = Exporter.export(session.dir, model, Scenario.START + 5 * S, Scenario.START + 55 * S,
                List.of(2, 1), false, out, f -> { });
        long first = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        byte[] rec = recorded(first, r.frames());
        byte[] swapped = new byte[rec.length];
        for (int k = 0; k < rec.length; k += BA) {
            System.arraycopy(rec, k + 2, swapped, k, 2);
            System.arraycopy(rec, k, swapped, k + 2, 2);
        }
        assertArrayEquals(swapped, dataOf(out, r.frames()));
    }

    @Test
    void framesNoFileHoldsAreCopiedAsSilence() throws Exception {
        // The second file said to start 1000 frames later than it does: 1000 frames no file holds.
        List<FileRow> files = new ArrayList<>(model.files());
        FileRow second = files.get(1);
        long hole = 1000;
        files.set(1, new FileRow(second.id(), second.path(), second.firstSampleIndex() + hole, second.frames(),
                second.status(), second.openedRealtimeNs(), second.closedRealtimeNs(), second.dataSha256()));
        long start = second.firstSampleIndex() - 500;
        int count = 4000;
        Path out = tmp.resolve("hole.wav");
        byte[] copied;
        byte[] read = new byte[count * BA];
        try (SessionAudio audio = new SessionAudio(session.dir, files)) {
            BwfFileWriter w = BwfFileWriter.create(out, "hole.wav", new CaptureFormat(2, FS, 16),
                    new BwfMetadata("Tidemark", null, "test", List.of(), FS, "test"), "t", "1", null,
                    AudioFileListener.NONE, 0);
            try (w) {
                audio.copyTo(start, 700, w); // across the hole's start, then across its end
                audio.copyTo(start + 700, count - 700, w);
            }
            audio.readPcm(start, count, read);
        }
        copied = dataOf(out, count);
        assertArrayEquals(read, copied, "copyTo and readPcm agree");
        byte[] before = recorded(start, 500);
        assertArrayEquals(before, Arrays.copyOfRange(copied, 0, 500 * BA));
        assertEquals(0, nonZero(Arrays.copyOfRange(copied, 500 * BA, (int) (500 + hole) * BA)));
        byte[] after = recorded(second.firstSampleIndex(), count - 500 - (int) hole);
        assertArrayEquals(after, Arrays.copyOfRange(copied, (int) (500 + hole) * BA, count * BA));
    }

    /** Frames [first, first + frames) straight from the session's files, by their rows. */
    static byte[] recorded(long first, long frames) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long next = first;
        for (FileRow f : model.files()) {
            try (BwfReader r = BwfReader.open(session.dir.resolve(f.path()))) {
                long end = f.firstSampleIndex() + r.frames();
                if (next >= f.firstSampleIndex() && next < end) {
                    int n = (int) Math.min(end - next, first + frames - next);
                    b.write(r.readFrames(next - f.firstSampleIndex(), n));
                    next += n;
                }
            }
        }
        assertEquals(first + frames, next, "the files hold every frame asked for");
        return b.toByteArray();
    }

    static byte[] dataOf(Path wav, long frames) throws Exception {
        try (BwfReader r = BwfReader.open(wav)) {
            assertEquals(frames, r.frames());
            return r.readFrames(0, (int) frames);
        }
    }

    static int nonZero(byte[] b) {
        int n = 0;
        for (byte x : b) {
            n += x != 0 ? 1 : 0;
        }
        return n;
    }
}
