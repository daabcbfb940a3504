package io.tidemark.analysis.model;

import io.tidemark.recorder.sim.TimingSessionWriter;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parallel chunked read hands over exactly the rows of a plain ordered query, in order. */
class BufferStampReaderTest {

    @TempDir
    static Path tmp;
    static Path session;

    /** 8 h of 100 ms buffers: 288,000 rows, 4.4 chunks, so both readers read whole chunks and one a part. */
    @BeforeAll
    static void writeSession() throws Exception {
        session = tmp.resolve("20261119T000000Z-sim");
        Scenario s = Scenario.base("t", 8 * 3_600_000_000_000L).buffer(4800)
                .dropouts(List.of(new long[]{3_600_000_000_000L, 2}));
        TimingSessionWriter.write(session, s, n -> { });
    }

    @Test
    void theBatchesAreThePlainQuerysRowsInOrderUpToLastSeq() throws Exception {
        try (SessionReader reader = SessionReader.open(session)) {
            long maxSeq = scalar(reader, "SELECT max(seq) FROM buffers");
            assertTrue(maxSeq > 4 * BufferStampReader.CHUNK_ROWS, "the session spans several chunks");
            for (long lastSeq : new long[]{maxSeq, 3 * BufferStampReader.CHUNK_ROWS + 12_345, 100}) {
                for (boolean withSystemClock : new boolean[]{false, true}) {
                    List<long[]> want = plain(reader, lastSeq);
                    List<long[]> got = new ArrayList<>();
                    try (BufferStampReader rows = BufferStampReader.start(reader, lastSeq, withSystemClock)) {
                        for (BufferStampReader.Batch b; (b = rows.next()) != null; rows.recycle(b)) {
                            for (int i = 0; i < b.count; i++) {
                                got.add(new long[]{b.sampleIndex[i], b.frames[i], b.monoRawNs[i], b.flags[i],
                                        withSystemClock ? b.sysRealtimeNs[i] : want.get(got.size())[4]});
                            }
                        }
                    }
                    assertEquals(want.size(), got.size(), "rows up to seq " + lastSeq);
                    for (int k = 0; k < want.size(); k++) {
                        assertEquals(List.of(want.get(k)[0], want.get(k)[1], want.get(k)[2], want.get(k)[3], want.get(k)[4]),
                                List.of(got.get(k)[0], got.get(k)[1], got.get(k)[2], got.get(k)[3], got.get(k)[4]),
                                "row " + k + " up to seq " + lastSeq + (withSystemClock ? ", with the system clock" : ""));
                    }
                }
            }
        }
    }

    @Test
    void closingEarlyStopsTheReadersAndLeavesTheConnectionUsable() throws Exception {
        try (SessionReader reader = SessionReader.open(session)) {
            long maxSeq = scalar(reader, "SELECT max(seq) FROM buffers");
            long t0 = System.nanoTime();
            try (BufferStampReader rows = BufferStampReader.start(reader, maxSeq, false)) {
                assertNotNull(rows.next());
            }
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "close returned");
            assertEquals(maxSeq, scalar(reader, "SELECT max(seq) FROM buffers"), "the connection still answers");
        }
    }

    private static List<long[]> plain(SessionReader reader, long lastSeq) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement s = reader.connection().prepareStatement("SELECT sample_index, frames, mono_raw_ns, flags,"
                + " sys_realtime_ns FROM buffers WHERE seq <= ? ORDER BY seq")) {
            s.setLong(1, lastSeq);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new long[]{r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
                }
            }
        }
        return out;
    }

    private static long scalar(SessionReader reader, String q) throws Exception {
        try (PreparedStatement s = reader.connection().prepareStatement(q); ResultSet r = s.executeQuery()) {
            return r.getLong(1);
        }
    }
}
