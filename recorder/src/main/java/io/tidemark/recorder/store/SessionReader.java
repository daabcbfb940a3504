package io.tidemark.recorder.store;

import io.tidemark.recorder.stamp.BufferStamp;

import java.nio.file.Files;
import java.nio.file.Path;
import io.tidemark.recorder.capture.StampSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a session database, read-only, while it is being recorded or afterwards: what
 * {@code tidemark status} shows, and what tests and analysis check against.
 */
public final class SessionReader implements AutoCloseable {

    private final Connection c;
    private final Path db;

    private SessionReader(Connection c, Path db, int schemaVersion) {
        this.c = c;
        this.db = db;
        this.schemaVersion = schemaVersion;
        // Read-only: a session recorded before buffer timing was stored reads as stamped at read return.
        this.selectBuffers = "SELECT seq, sample_index, frames, sys_realtime_ns, mono_raw_ns, ntp_time_ns, ptp_time_ns, "
                + "flags, " + (schemaVersion >= Schema.BUFFER_TIMING_VERSION ? "fill_frames, stamp_source" : "NULL, 0")
                + " FROM buffers";
    }

    private final String selectBuffers;
    private final int schemaVersion;

    /** Buffers whose stamp came from {@code source}. */
    public long buffersStampedBy(StampSource source) throws SQLException {
        if (schemaVersion < Schema.BUFFER_TIMING_VERSION) {
            return source == StampSource.READ_RETURN ? bufferCount() : 0;
        }
        return scalar("SELECT count(*) FROM buffers WHERE stamp_source = " + source.code);
    }

    /** Opens {@code session.db} in {@code sessionDir} (or the .db file itself) read-only. */
    public static SessionReader open(Path sessionDirOrDb) throws SQLException {
        Path db = Files.isDirectory(sessionDirOrDb) ? sessionDirOrDb.resolve(TimestampStore.FILE_NAME) : sessionDirOrDb;
        if (!Files.isRegularFile(db)) {
            throw new SQLException("no session database at " + db);
        }
        org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(5000);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), cfg.toProperties());
        int v = Schema.version(c);
        if (v < 1 || v > Schema.CURRENT_VERSION) {
            c.close();
            throw new SQLException(db + " has schema version " + v + ", this Tidemark reads 1 to " + Schema.CURRENT_VERSION);
        }
        return new SessionReader(c, db, v);
    }

    /** A second reader of the same database, for reading it on another thread. */
    public SessionReader openAnother() throws SQLException {
        return open(db);
    }

    public Connection connection() {
        return c;
    }

    public SessionInfo session() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT session_id, device, channels, "
                + "sample_rate_hz, bits_per_sample, buffer_frames, host, software_version, config_json, simulated, "
                + "start_realtime_ns, start_mono_raw_ns, stop_realtime_ns, stop_mono_raw_ns, stop_reason "
                + "FROM sessions ORDER BY id LIMIT 1")) {
            if (!r.next()) {
                throw new SQLException("no sessions row");
            }
            return new SessionInfo(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getInt(6),
                    r.getString(7), r.getString(8), r.getString(9), r.getInt(10) != 0, r.getLong(11), r.getLong(12),
                    longOrNull(r, 13), longOrNull(r, 14), r.getString(15));
        }
    }

    /** The kernel's boot id when the session began; empty before schema 4 or where it could not be read. */
    public java.util.Optional<String> bootId() throws SQLException {
        if (schemaVersion < Schema.STATION_VERSION) {
            return java.util.Optional.empty();
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT boot_id FROM sessions ORDER BY id LIMIT 1")) {
            return r.next() ? java.util.Optional.ofNullable(r.getString(1)) : java.util.Optional.empty();
        }
    }

    /** The channel map, one name per channel; empty when none was given (or before schema 4). */
    public List<String> channelNames() throws SQLException {
        if (schemaVersion < Schema.STATION_VERSION) {
            return List.of();
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT channel_names FROM sessions ORDER BY id LIMIT 1")) {
            if (!r.next() || r.getString(1) == null) {
                return List.of();
            }
            return List.of(io.tidemark.common.Json.MAPPER.readValue(r.getString(1), String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("channel_names is not a JSON array of names: " + e.getOriginalMessage());
        }
    }

    public long bufferCount() throws SQLException {
        return scalar("SELECT count(*) FROM buffers");
    }

    /** Frames delivered: the end of the last buffer (sample_index is continuous by construction). */
    public long frames() throws SQLException {
        return scalar("SELECT coalesce(max(sample_index + frames), 0) FROM buffers WHERE seq = (SELECT max(seq) FROM buffers)");
    }

    public BufferStamp firstBuffer() throws SQLException {
        List<BufferStamp> l = buffers("ORDER BY seq LIMIT 1");
        return l.isEmpty() ? null : l.get(0);
    }

    public BufferStamp lastBuffer() throws SQLException {
        List<BufferStamp> l = buffers("ORDER BY seq DESC LIMIT 1");
        return l.isEmpty() ? null : l.get(0);
    }

    /** Buffers whose sample_index does not continue the previous buffer: 0 in a healthy session. */
    public long discontinuities() throws SQLException {
        return scalar("SELECT count(*) FROM (SELECT sample_index - lag(sample_index + frames) OVER (ORDER BY seq) AS d "
                + "FROM buffers) WHERE d <> 0");
    }

    public long flaggedBuffers(int flag) throws SQLException {
        return scalar("SELECT count(*) FROM buffers WHERE (flags & " + flag + ") <> 0");
    }

    public long eventCount(SessionEvent.Kind kind) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM events WHERE kind = ?")) {
            p.setString(1, kind.text);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** Sum of the {@code frames} column over events of {@code kind} (e.g. frames lost in gaps). */
    public long eventFrames(SessionEvent.Kind kind) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(frames), 0) FROM events WHERE kind = ?")) {
            p.setString(1, kind.text);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    public List<SessionEvent> events() throws SQLException {
        List<SessionEvent> l = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT realtime_ns, mono_raw_ns, sample_index, kind, detail, frames FROM events ORDER BY id")) {
            while (r.next()) {
                l.add(new SessionEvent(r.getLong(1), r.getLong(2), longOrNull(r, 3), SessionEvent.Kind.of(r.getString(4)),
                        r.getString(5), longOrNull(r, 6)));
            }
        }
        return l;
    }

    public List<FileRow> files() throws SQLException {
        List<FileRow> l = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, path, first_sample_index, "
                + "frames, status, opened_realtime_ns, closed_realtime_ns"
                + (schemaVersion >= Schema.FILE_DIGEST_VERSION ? ", data_sha256" : ", NULL") + " FROM files ORDER BY first_sample_index, id")) {
            while (r.next()) {
                l.add(new FileRow(r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4), r.getString(5),
                        longOrNull(r, 6), longOrNull(r, 7), r.getString(8)));
            }
        }
        return l;
    }

    /** The reference marks found on the session's reference channel, by position; empty before schema 5 or before 'tidemark marks'. */
    public List<MarkRow> marks() throws SQLException {
        List<MarkRow> l = new ArrayList<>();
        if (schemaVersion < Schema.MARKS_VERSION) {
            return l;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT kind, channel, sample_pos_q20, utc_ns, "
                + "residual_ns, flags, detail FROM marks ORDER BY sample_pos_q20, id")) {
            while (r.next()) {
                l.add(new MarkRow(r.getString(1), r.getInt(2), r.getLong(3), r.getLong(4), longOrNull(r, 5), r.getInt(6),
                        r.getString(7)));
            }
        }
        return l;
    }

    public long ntpSampleCount() throws SQLException {
        return scalar("SELECT count(*) FROM ntp_samples");
    }

    /** Every buffer in order, streamed (a 120-day session has ~100 million). */
    public void forEachBuffer(Consumer<BufferStamp> action) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(selectBuffers + " ORDER BY seq")) {
            while (r.next()) {
                action.accept(buffer(r));
            }
        }
    }

    private List<BufferStamp> buffers(String tail) throws SQLException {
        List<BufferStamp> l = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(selectBuffers + " " + tail)) {
            while (r.next()) {
                l.add(buffer(r));
            }
        }
        return l;
    }

    private static BufferStamp buffer(ResultSet r) throws SQLException {
        Long fill = longOrNull(r, 9);
        return new BufferStamp(r.getLong(1), r.getLong(2), r.getInt(3), r.getLong(4), r.getLong(5),
                longOrNull(r, 6), longOrNull(r, 7), r.getInt(8), fill == null ? BufferStamp.FILL_UNKNOWN : fill,
                StampSource.of(r.getInt(10)));
    }

    public String integrityCheck() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            return r.next() ? r.getString(1) : "no answer";
        }
    }

    private long scalar(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    static Long longOrNull(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? null : v;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
