package io.tidemark.recorder.sim;

import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimingSessionWriterTest {

    /** 30 min of 100 ms buffers (not a whole number of INSERT chunks), a dropout and a clock step, so flags vary. */
    private static final Scenario SCENARIO = Scenario.base("t", 1_800_000_000_000L).buffer(4800).device(20, 0.02)
            .dropouts(List.of(new long[]{600_000_000_000L, 3})).step(1_200_000_000_000L, 40_000_000L);

    @Test
    void writesTheSameRowsAsTheRecordersStore(@TempDir Path tmp) throws Exception {
        // The same folder name in both: it is the session id.
        Path reference = tmp.resolve("store").resolve("20261119T000000Z-sim");
        Path fast = tmp.resolve("fast").resolve("20261119T000000Z-sim");
        List<long[]> clicks = SimulatedSessionWriter.write(reference, SCENARIO, null, x -> x, n -> { });
        long fastClicks = TimingSessionWriter.write(fast, SCENARIO, n -> { });

        assertEquals(clicks.size(), fastClicks);
        assertArrayEquals(Files.readAllBytes(reference.resolve("truth.csv")), Files.readAllBytes(fast.resolve("truth.csv")));
        for (String query : List.of("SELECT * FROM sessions", "SELECT * FROM buffers ORDER BY seq",
                "SELECT * FROM ntp_samples ORDER BY id", "SELECT * FROM files", "SELECT * FROM events",
                "SELECT * FROM clock_events", "PRAGMA user_version", "PRAGMA journal_mode",
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")) {
            List<String> want = rows(reference, query);
            List<String> got = rows(fast, query);
            assertEquals(want.size(), got.size(), query);
            assertEquals(want, got, query);
        }
        long buffers = count(fast, "SELECT count(*) FROM buffers");
        assertTrue(buffers > 17_900 && buffers < 18_000, buffers + " buffers: 30 min of 100 ms less the 3 dropped");
        assertEquals(3, count(fast, "SELECT count(DISTINCT flags) FROM buffers"), "plain, dropout and step flags");
        assertTrue(count(fast, "SELECT count(*) FROM ntp_samples") > 100, "NTP exchanges every 16 s");
        assertEquals("[String:wal]", rows(fast, "PRAGMA journal_mode").get(0), "a WAL database, as the recorder leaves it");
    }

    @Test
    void refusesAnExistingFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve(TimestampStore.FILE_NAME), "keep me");
        assertThrows(java.io.IOException.class, () -> TimingSessionWriter.write(tmp, SCENARIO, n -> { }));
        assertEquals("keep me", Files.readString(tmp.resolve(TimestampStore.FILE_NAME)));
    }

    private static long count(Path session, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.resolve(TimestampStore.FILE_NAME));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    private static List<String> rows(Path session, String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.resolve(TimestampStore.FILE_NAME));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            ResultSetMetaData m = r.getMetaData();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    Object v = r.getObject(i);
                    row.add(v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
                }
                out.add(row.toString().replaceAll("(Integer|Long):", ""));
            }
        }
        return out;
    }
}
