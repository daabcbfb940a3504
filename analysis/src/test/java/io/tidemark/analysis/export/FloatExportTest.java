package io.tidemark.analysis.export;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.sim.SimulatedSessionWriter;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export of a 32-bit float session: a plain export is the recorded bytes, float, across file
 * boundaries; a channel selection is those channels' bytes; a resampled export stays float and keeps
 * the +6 dBFS peaks of channel 1 (a sine of ±2.0): no clipping stage anywhere.
 */
class FloatExportTest {

    static final long S = 1_000_000_000L;
    static final int FS = 48_000;
    static final int BA = 8; // 2 ch of float
    @TempDir
    static Path tmp;
    static Path session;
    static TimeModel model;

    @BeforeAll
    static void record() throws Exception {
        // The simulated recorder writes 32-bit integer audio; the same session with its files as float:
        // channel 1's sine (0.1 of full scale) scaled to ±2.0, channel 2's clicks to 1.0.
        Path integer = tmp.resolve("20261119T000000Z-int");
        SimulatedSessionWriter.write(integer, Scenario.base("float", 50 * S),
                new SimulatedSessionWriter.Audio(2, 32, FS * 20L), x -> x, n -> { });
        session = Files.createDirectories(tmp.resolve("20261119T000000Z-float"));
        Files.copy(integer.resolve("session.db"), session.resolve("session.db"));
        CaptureFormat f32 = new CaptureFormat(2, FS, SampleEncoding.F32);
        try (SessionReader db = SessionReader.open(session)) {
            for (FileRow row : db.files()) {
                try (BwfReader in = BwfReader.open(integer.resolve(row.path()));
                     BwfFileWriter out = BwfFileWriter.create(session.resolve(row.path()), row.path(), f32,
                             BwfMetadata.defaults(), "sim", "1", null, AudioFileListener.NONE, row.firstSampleIndex())) {
                    int n = (int) in.frames();
                    ByteBuffer pcm = ByteBuffer.wrap(in.readFrames(0, n)).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer fl = ByteBuffer.allocate(n * BA).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < n; i++) {
                        fl.putFloat((float) (pcm.getInt() / (double) (1L << 31) * 20.0));
                        fl.putFloat((float) (pcm.getInt() / (double) (1L << 31)));
                    }
                    out.write(fl.flip());
                }
            }
        }
        model = TimeModelStore.loadOrFit(session, false, n -> { });
    }

    @Test
    void aPlainExportIsTheRecordedFloatBytes() throws Exception {
        Path out = tmp.resolve("all.wav");
        Exporter.Result r = Exporter.export(session, model, Scenario.START + 5 * S, Scenario.START + 45 * S,
                null, false, out, f -> { });
        assertTrue(model.files().size() >= 3, "across file boundaries: " + model.files().size());
        long first = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        byte[] expected = recorded(first, r.frames());
        assertTrue(maxAbs(expected, 0) > 1.99, "the +6 dBFS peaks are in the recording");
        assertArrayEquals(expected, dataOf(out, r.frames()), "bit-exact");
    }

    @Test
    void aChannelSelectionIsThoseChannelsFloatBytes() throws Exception {
        Path out = tmp.resolve("swapped.wav");
        Exporter.Result r = Exporter.export(session, model, Scenario.START + 5 * S, Scenario.START + 45 * S,
                List.of(2, 1), false, out, f -> { });
        long first = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        byte[] rec = recorded(first, r.frames());
        byte[] swapped = new byte[rec.length];
        for (int k = 0; k < rec.length; k += BA) {
            System.arraycopy(rec, k + 4, swapped, k, 4);
            System.arraycopy(rec, k, swapped, k + 4, 4);
        }
        assertArrayEquals(swapped, dataOf(out, r.frames()));
        Path one = tmp.resolve("one.wav");
        Exporter.Result r1 = Exporter.export(session, model, Scenario.START + 5 * S, Scenario.START + 6 * S,
                List.of(1), false, one, f -> { });
        try (BwfReader w = BwfReader.open(one)) {
            assertTrue(w.format().isFloat());
            assertEquals(1, w.format().channels());
            assertTrue(maxAbs(w.readFrames(0, (int) r1.frames()), 0, 1) > 1.99, "unclipped");
        }
    }

    @Test
    void aResampledExportStaysFloatAndKeepsPeaksAboveFullScale() throws Exception {
        Path out = tmp.resolve("resampled.wav");
        Exporter.Result r = Exporter.export(session, model, Scenario.START + 5 * S, Scenario.START + 15 * S,
                List.of(1), true, out, f -> { });
        try (BwfReader w = BwfReader.open(out)) {
            assertTrue(w.format().isFloat(), "float in, float out");
            double peak = maxAbs(w.readFrames(0, (int) r.frames()), 0, 1);
            assertEquals(2.0, peak, 0.01, "the ±2.0 sine resampled, not clipped at 1.0");
        }
    }

    static byte[] recorded(long first, long frames) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long next = first;
        for (FileRow f : model.files()) {
            try (BwfReader r = BwfReader.open(session.resolve(f.path()))) {
                long end = f.firstSampleIndex() + r.frames();
                if (next >= f.firstSampleIndex() && next < end) {
                    int n = (int) Math.min(end - next, first + frames - next);
                    b.write(r.readFrames(next - f.firstSampleIndex(), n));
                    next += n;
                }
            }
        }
        assertEquals(first + frames, next);
        return b.toByteArray();
    }

    static byte[] dataOf(Path wav, long frames) throws Exception {
        try (BwfReader r = BwfReader.open(wav)) {
            assertTrue(r.format().isFloat());
            assertEquals(frames, r.frames());
            return r.readFrames(0, (int) frames);
        }
    }

    static double maxAbs(byte[] interleaved, int channel) {
        return maxAbs(interleaved, channel, 2);
    }

    static double maxAbs(byte[] interleaved, int channel, int channels) {
        ByteBuffer b = ByteBuffer.wrap(interleaved).order(ByteOrder.LITTLE_ENDIAN);
        double max = 0;
        for (int i = channel * 4; i + 4 <= interleaved.length; i += channels * 4) {
            max = Math.max(max, Math.abs(b.getFloat(i)));
        }
        return max;
    }
}
