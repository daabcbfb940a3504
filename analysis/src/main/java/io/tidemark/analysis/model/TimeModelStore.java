package io.tidemark.analysis.model;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Keeps the fitted model in the session database (table {@code time_model}, one row per fit, newest
 * wins) so that queries need not refit. A model is used only if its {@link #MODEL_VERSION} is this
 * program's and it was fitted up to the newest buffer row the database now holds; otherwise it is refitted.
 * The knots are packed big-endian into BLOBs: a 120-day model is a few MB.
 */
public final class TimeModelStore {

    /**
     * Bump when the fitting changes what a stored model means, or how it is stored (3: with the buffers
     * per sync state; 4 was never released; 5: knots stored by {@link KnotCurveCodec}; 6: no dropout judged on the drained
     * look-ahead at the end of a recording, so models of 5 may carry a false last segment; 7: every valid NTP
     * exchange weighted by its delay, the envelope's floor bias removed, windows of at least 2048 stamps; 8: an NTP
     * outage bridged between its sides on the raw or the audio clock, not extrapolated from one side).
     */
    public static final int MODEL_VERSION = 8;

    private TimeModelStore() {
    }

    /** The stored model if current, else a fresh fit (stored for next time). */
    public static TimeModel loadOrFit(Path sessionDir, boolean refit, LongConsumer progress) throws SQLException {
        try (SessionReader reader = SessionReader.open(sessionDir)) {
            long lastSeq = lastSeq(reader);
            if (!refit) {
                Optional<TimeModel> stored = load(reader, lastSeq);
                if (stored.isPresent()) {
                    return stored.get();
                }
            }
            TimeModel m = TimeModelFitter.fit(reader, lastSeq, progress);
            save(sessionDir, m);
            return m;
        }
    }

    /** The stored model if one is current, without fitting (what an index of many sessions can afford). */
    public static Optional<TimeModel> loadStored(SessionReader reader) throws SQLException {
        return load(reader, lastSeq(reader));
    }

    /** The newest buffer row: an index lookup, where counting 10^8 rows would take seconds. */
    static long lastSeq(SessionReader reader) throws SQLException {
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(seq), -1) FROM buffers")) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    static Optional<TimeModel> load(SessionReader reader, long lastSeq) throws SQLException {
        Connection c = reader.connection();
        try (Statement s = c.createStatement();
             ResultSet t = s.executeQuery("SELECT count(*) FROM pragma_table_info('time_model') WHERE name = 'sync_states'")) {
            if (!t.next() || t.getInt(1) == 0) {
                return Optional.empty(); // no stored model, or only of versions 1 and 2
            }
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT model_version, buffers, utc_source, warnings, clock_blob, utc_blob, last_seq, sync_states"
                        + " FROM time_model ORDER BY id DESC LIMIT 1")) {
            if (!r.next() || r.getInt(1) != MODEL_VERSION || r.getLong(7) != lastSeq) {
                return Optional.empty();
            }
            var info = reader.session();
            List<String> warnings = r.getString(4).isEmpty() ? List.of() : List.of(r.getString(4).split("\n"));
            List<ClockSegment> clock;
            List<UtcSegment> utc;
            try {
                clock = readClock(r.getBytes(5));
                utc = readUtc(r.getBytes(6));
            } catch (RuntimeException e) {
                return Optional.empty(); // a damaged stored model is only derived data: fit afresh
            }
            return Optional.of(new TimeModel(MODEL_VERSION, r.getLong(2), lastSeq, info.sampleRateHz(), info.channels(), r.getString(3),
                    warnings, new SampleUtcModel(info.sampleRateHz(), clock, utc), reader.files(),
                    readSyncStates(r.getString(8))));
        }
    }

    static void save(Path sessionDir, TimeModel m) throws SQLException {
        Path db = sessionDir.resolve(TimestampStore.FILE_NAME);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("CREATE TABLE IF NOT EXISTS time_model (id INTEGER PRIMARY KEY, model_version INTEGER NOT NULL,"
                        + " fitted_realtime_ns INTEGER NOT NULL, buffers INTEGER NOT NULL, utc_source TEXT NOT NULL,"
                        + " warnings TEXT NOT NULL, clock_blob BLOB NOT NULL, utc_blob BLOB NOT NULL, last_seq INTEGER,"
                        + " sync_states TEXT)");
                List<String> columns = new ArrayList<>();
                try (ResultSet cols = s.executeQuery("PRAGMA table_info(time_model)")) {
                    while (cols.next()) {
                        columns.add(cols.getString("name"));
                    }
                }
                if (!columns.contains("last_seq")) {
                    s.execute("ALTER TABLE time_model ADD COLUMN last_seq INTEGER"); // tables of model version 1
                }
                if (!columns.contains("sync_states")) {
                    s.execute("ALTER TABLE time_model ADD COLUMN sync_states TEXT"); // tables of model versions 1 and 2
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO time_model (model_version, fitted_realtime_ns,"
                    + " buffers, utc_source, warnings, clock_blob, utc_blob, last_seq, sync_states)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setInt(1, m.modelVersion());
                p.setLong(2, UtcNanos.toEpochNs(java.time.Instant.now()));
                p.setLong(3, m.buffers());
                p.setString(4, m.utcSource());
                p.setString(5, String.join("\n", m.warnings()));
                p.setBytes(6, writeClock(m.model().clockSegments()));
                p.setBytes(7, writeUtc(m.model().utcSegments()));
                p.setLong(8, m.lastSeq());
                p.setString(9, writeSyncStates(m.syncStateBuffers()));
                p.executeUpdate();
            }
        }
    }

    private static byte[] writeClock(List<ClockSegment> segs) {
        return pack(out -> {
            out.writeInt(segs.size());
            for (ClockSegment s : segs) {
                out.writeLong(s.firstSample());
                out.writeLong(s.endSample());
                out.writeUTF(s.startReason());
                out.writeLong(s.buffers());
                out.writeDouble(s.residualRmsNs());
                out.writeDouble(s.minLatencyNs());
                writeCurve(out, s.sampleToRawNs());
            }
        });
    }

    private static byte[] writeUtc(List<UtcSegment> segs) {
        return pack(out -> {
            out.writeInt(segs.size());
            for (UtcSegment s : segs) {
                out.writeUTF(s.source());
                out.writeLong(s.firstRawNs());
                out.writeLong(s.lastRawNs());
                out.writeInt(s.points());
                out.writeInt(s.pointsUsed());
                out.writeLong(s.minDelayNs());
                out.writeDouble(s.residualRmsNs());
                writeCurve(out, s.rawToOffsetNs());
            }
        });
    }

    /** "ntp=17281,holdover=3": names as {@code BufferStamp.SyncState.textOf} gives them, in code order. */
    private static String writeSyncStates(Map<String, Long> byName) {
        StringBuilder b = new StringBuilder();
        byName.forEach((name, buffers) -> b.append(b.length() == 0 ? "" : ",").append(name).append('=').append(buffers));
        return b.toString();
    }

    private static Map<String, Long> readSyncStates(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split(",")) {
                int eq = pair.lastIndexOf('=');
                m.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return m;
    }

    // Read through a ByteBuffer (big-endian, as DataOutputStream wrote it): a 120-day model has ~10^6
    // numbers, and DataInputStream's per-value stream calls took longer than the 10 ms a query may.
    private static List<ClockSegment> readClock(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        int n = in.getInt();
        List<ClockSegment> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(new ClockSegment(in.getLong(), in.getLong(), readUtf(in), in.getLong(), in.getDouble(),
                    in.getDouble(), KnotCurveCodec.read(in)));
        }
        return l;
    }

    private static List<UtcSegment> readUtc(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        int n = in.getInt();
        List<UtcSegment> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(new UtcSegment(readUtf(in), in.getLong(), in.getLong(), in.getInt(), in.getInt(), in.getLong(),
                    in.getDouble(), KnotCurveCodec.read(in)));
        }
        return l;
    }

    /** A string as {@link DataOutputStream#writeUTF} wrote it: a two-byte length, then modified UTF-8. */
    private static String readUtf(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort(in.position()));
        try {
            String s = DataInputStream.readUTF(new DataInputStream(
                    new ByteArrayInputStream(in.array(), in.position(), 2 + length)));
            in.position(in.position() + 2 + length);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCurve(DataOutputStream out, KnotCurve c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * c.size() + 64);
        KnotCurveCodec.write(bytes, c);
        bytes.writeTo(out);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] pack(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
