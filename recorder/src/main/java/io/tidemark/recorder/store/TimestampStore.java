package io.tidemark.recorder.store;

import io.tidemark.common.Json;
import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.sync.clock.ClockEvent;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpSampleSink;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A session's {@code session.db}: the per-buffer timestamps and everything around them. Writers
 * never touch SQLite themselves: rows go to a queue that one writer thread drains, one transaction
 * per batch, committing at least every {@code commitIntervalMs} (default 250 ms) so that a crash or
 * power cut loses well under a second of rows. Producers only block when the writer is far behind.
 *
 * <p>Also the sink for the sync core's NTP samples and clock events, and for the audio writer's
 * file notifications: everything a session learns lands here in the order it happened.
 */
public final class TimestampStore implements NtpSampleSink, ClockEventSink, AudioFileListener, AutoCloseable {

    public static final String FILE_NAME = "session.db";
    static final long DEFAULT_COMMIT_INTERVAL_MS = 250;
    static final int MAX_BATCH_ROWS = 50_000;
    /**
     * Queued rows at which producers block: 2.8 h of 100 ms buffers, so a stalled disk never blocks
     * the capture loop in practice. Not more: rows waiting in the queue are live objects that every
     * young GC copies, and in a backlog a larger queue made multi-second GC pauses.
     */
    static final int MAX_PENDING_ROWS = 100_000;
    /**
     * Rows per INSERT statement for runs of buffer rows, largest first: one statement of 1024 rows
     * is one step into SQLite and one reset instead of 1024 (the binding stays per value: xerial's
     * JDBC has no bulk bind). A run is written with the largest that fit, the rest with the smaller.
     */
    static final int[] BUFFER_ROWS_PER_INSERT = {1024, 64, 8, 1};
    /**
     * Page cache of the writer's connection, KiB: holds a whole batch (50,000 rows ≈ 2.4 MB), so a
     * transaction never spills pages into the WAL before its commit (SQLite's default is 2000 KiB). It fills
     * as the database grows and is most of a station's resident-memory growth after start, so no larger:
     * 16 MiB wrote no faster ({@code bench store}) and added 15 MB of RSS over the first simulated day.
     */
    static final int CACHE_KIB = 4_096;
    /**
     * How often committed rows are made durable against a power cut. Commits themselves do not fsync
     * (WAL with synchronous=NORMAL: a killed process loses nothing committed); a checkpointer thread
     * on its own connection syncs the WAL and folds it into the database this often. An fsync that
     * takes seconds on a busy disk then holds up only the checkpointer, never the commits: rows keep
     * reaching the WAL every {@link #DEFAULT_COMMIT_INTERVAL_MS}.
     */
    static final long DURABLE_INTERVAL_MS = 1_000;

    private record FileOpened(String path, long firstSampleIndex, long realtimeNs) {
    }

    private record FileFrames(String path, long frames, String status, Long closedRealtimeNs, String dataSha256) {
    }

    private record SessionStopped(long realtimeNs, long monoRawNs, String reason) {
    }

    private final Path dbFile;
    private final Connection connection;
    private final long commitIntervalMs;
    private final Thread writer;
    private final Thread checkpointer;
    private final Object lock = new Object();
    private ArrayList<Object> pending = new ArrayList<>();
    private long queuedRows;
    private long committedRows;
    private boolean closing;
    private boolean flushRequested;
    private volatile StoreException failure;
    private volatile RealtimeSource realtime = () -> 0L;

    /** Where file-table timestamps come from (the session's system clock). */
    @FunctionalInterface
    public interface RealtimeSource {
        long realtimeNs();
    }

    private TimestampStore(Path dbFile, Connection connection, long commitIntervalMs) {
        this.dbFile = dbFile;
        this.connection = connection;
        this.commitIntervalMs = commitIntervalMs;
        this.writer = new Thread(this::drainLoop, "timestamp-store " + dbFile.getParent().getFileName());
        writer.setDaemon(true);
        this.checkpointer = new Thread(this::checkpointLoop, "timestamp-store-sync " + dbFile.getParent().getFileName());
        checkpointer.setDaemon(true);
    }

    /** Creates {@code dir/session.db} (which must not exist), writes the sessions row, starts the writer. */
    public static TimestampStore create(Path dir, SessionInfo info) {
        return create(dir, info, List.of(), DEFAULT_COMMIT_INTERVAL_MS);
    }

    /**
     * As {@link #create(Path, SessionInfo)}, with the channel map: one name per channel (empty for
     * none), stored with the session.
     */
    public static TimestampStore create(Path dir, SessionInfo info, List<String> channelNames) {
        return create(dir, info, channelNames, DEFAULT_COMMIT_INTERVAL_MS);
    }

    static TimestampStore create(Path dir, SessionInfo info, long commitIntervalMs) {
        return create(dir, info, List.of(), commitIntervalMs);
    }

    static TimestampStore create(Path dir, SessionInfo info, List<String> channelNames, long commitIntervalMs) {
        if (!channelNames.isEmpty() && channelNames.size() != info.channels()) {
            throw new IllegalArgumentException(channelNames.size() + " channel names for " + info.channels() + " channels");
        }
        Path db = dir.resolve(FILE_NAME);
        if (Files.exists(db)) {
            throw new IllegalStateException(db + " already exists: never overwrite a session");
        }
        try {
            Connection c = connect(db);
            Schema.migrate(c);
            insertSession(c, info);
            insertLabels(c, BootId.current(), channelNames);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0"); // the checkpointer thread does it, off the commit path
            }
            TimestampStore store = new TimestampStore(db, c, commitIntervalMs);
            store.writer.start();
            store.checkpointer.start();
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot create " + db + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the session's reference marks with {@code marks}, in one transaction (marks are found again
     * from the audio, never recorded: the audio and the stamps are untouched). Brings an older session's
     * database to the current schema first.
     */
    public static void replaceMarks(Path sessionDir, List<MarkRow> marks) {
        Path db = sessionDir.resolve(FILE_NAME);
        try (Connection c = connect(db)) {
            Schema.migrate(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); PreparedStatement p = c.prepareStatement("INSERT INTO marks (kind, "
                    + "channel, sample_pos_q20, utc_ns, residual_ns, flags, detail) VALUES (?,?,?,?,?,?,?)")) {
                s.executeUpdate("DELETE FROM marks");
                for (MarkRow m : marks) {
                    p.setString(1, m.kind());
                    p.setInt(2, m.channel());
                    p.setLong(3, m.samplePosQ20());
                    p.setLong(4, m.utcNs());
                    setLong(p, 5, m.residualNsOrNull());
                    p.setInt(6, m.flags());
                    p.setString(7, m.detailOrNull());
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store the marks in " + db + ": " + e.getMessage(), e);
        }
    }

    /** Opens a connection with the pragmas every Tidemark writer uses; migrates it to the current schema. */
    public static Connection connect(Path db) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT (a sixth of the
        // writer's time in a profile); nothing here asks for generated keys.
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // NORMAL: a commit survives a killed process; the WAL is synced at each checkpoint, which a
            // recording's checkpointer runs every DURABLE_INTERVAL_MS, so a power cut loses about that.
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA cache_size=-" + CACHE_KIB);
        }
        return c;
    }

    private static void insertLabels(Connection c, String bootId, List<String> channelNames) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET boot_id = ?, channel_names = ? WHERE id = 1")) {
            p.setString(1, bootId);
            p.setString(2, channelNames.isEmpty() ? null : Json.write(channelNames));
            p.executeUpdate();
        }
    }

    private static void insertSession(Connection c, SessionInfo i) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sessions (id, session_id, device, channels, "
                + "sample_rate_hz, bits_per_sample, buffer_frames, host, software_version, config_json, simulated, "
                + "start_realtime_ns, start_mono_raw_ns, stop_realtime_ns, stop_mono_raw_ns, stop_reason) "
                + "VALUES (1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, i.sessionId());
            p.setString(2, i.device());
            p.setInt(3, i.channels());
            p.setInt(4, i.sampleRateHz());
            p.setInt(5, i.bitsPerSample());
            p.setInt(6, i.bufferFrames());
            p.setString(7, i.host());
            p.setString(8, i.softwareVersion());
            p.setString(9, i.configJson());
            p.setInt(10, i.simulated() ? 1 : 0);
            p.setLong(11, i.startRealtimeNs());
            p.setLong(12, i.startMonoRawNs());
            setLong(p, 13, i.stopRealtimeNs());
            setLong(p, 14, i.stopMonoRawNs());
            p.setString(15, i.stopReason());
            p.executeUpdate();
        }
    }

    public Path file() {
        return dbFile;
    }

    public void setRealtimeSource(RealtimeSource source) {
        this.realtime = source;
    }

    // ---- producers -------------------------------------------------------------------------

    public void addBuffer(BufferStamp stamp) {
        enqueue(stamp);
    }

    public void addEvent(SessionEvent event) {
        enqueue(event);
    }

    @Override
    public void accept(NtpSample sample) {
        enqueue(sample);
    }

    @Override
    public void accept(ClockEvent event) {
        enqueue(event);
    }

    @Override
    public void fileOpened(String relativePath, long firstSampleIndex) {
        enqueue(new FileOpened(relativePath, firstSampleIndex, realtime.realtimeNs()));
        // Committed before the writer puts audio into the file: a kill -9 in between would otherwise
        // leave audio the repair at the next start cannot find. Once per rotation, so the wait is cheap.
        flush();
    }

    @Override
    public void fileSynced(String relativePath, long frames) {
        enqueue(new FileFrames(relativePath, frames, null, null, null));
    }

    @Override
    public void fileClosed(String relativePath, long frames, String dataSha256) {
        enqueue(new FileFrames(relativePath, frames, "closed", realtime.realtimeNs(), dataSha256));
    }

    /** Records the session's end in the sessions row. */
    public void sessionStopped(long realtimeNs, long monoRawNs, String reason) {
        enqueue(new SessionStopped(realtimeNs, monoRawNs, reason));
    }

    private void enqueue(Object row) {
        synchronized (lock) {
            while (pending.size() >= MAX_PENDING_ROWS && failure == null && !closing) {
                waitOnLock(0);
            }
            throwIfFailed();
            if (closing) {
                // A late NTP sample or clock event from another thread after the session ended.
                return;
            }
            pending.add(row);
            queuedRows++;
            if (pending.size() == MAX_BATCH_ROWS) {
                lock.notifyAll();
            }
        }
    }

    /** Blocks until everything queued so far is committed. */
    public void flush() {
        synchronized (lock) {
            long target = queuedRows;
            flushRequested = true;
            lock.notifyAll();
            while (committedRows < target && failure == null) {
                waitOnLock(0);
            }
            throwIfFailed();
        }
    }

    /** The write failure that stopped the store, or null. */
    public StoreException failure() {
        return failure;
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private void waitOnLock(long ms) {
        try {
            lock.wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the timestamp store", e);
        }
    }

    /** Commits what is queued, stops the writer and closes the database. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            writer.join();
            checkpointer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (failure == null) {
                try (Statement s = connection.createStatement()) {
                    connection.setAutoCommit(true);
                    // Fold the WAL into the main file so a closed session is one self-contained file.
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            connection.close();
        } catch (SQLException e) {
            if (failure == null) {
                failure = new StoreException("closing " + dbFile + ": " + e.getMessage(), e);
            }
        }
        throwIfFailed();
    }

    // ---- the writer thread -----------------------------------------------------------------

    private void drainLoop() {
        try (Statements st = new Statements(connection)) {
            while (true) {
                List<Object> batch;
                boolean last;
                synchronized (lock) {
                    long deadline = System.nanoTime() + commitIntervalMs * 1_000_000L;
                    while (!closing && !flushRequested && pending.size() < MAX_BATCH_ROWS
                            && System.nanoTime() < deadline) {
                        waitOnLock(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    }
                    batch = pending;
                    pending = new ArrayList<>(Math.max(16, batch.size()));
                    flushRequested = false;
                    last = closing;
                    lock.notifyAll();
                }
                if (!batch.isEmpty()) {
                    write(st, batch);
                    synchronized (lock) {
                        committedRows += batch.size();
                        lock.notifyAll();
                    }
                }
                if (last) {
                    synchronized (lock) {
                        if (pending.isEmpty()) {
                            return;
                        }
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            synchronized (lock) {
                failure = new StoreException("cannot write " + dbFile + ": " + e.getMessage(), e);
                lock.notifyAll();
            }
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The failure above is what matters.
            }
        }
    }

    // ---- the checkpointer thread -------------------------------------------------------------

    private void checkpointLoop() {
        try (Connection c = connect(dbFile); Statement s = c.createStatement()) {
            while (true) {
                synchronized (lock) {
                    long deadline = System.nanoTime() + DURABLE_INTERVAL_MS * 1_000_000L;
                    while (!closing && failure == null && System.nanoTime() < deadline) {
                        waitOnLock(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    }
                    if (closing || failure != null) {
                        return; // close() folds the WAL in itself once the writer is done
                    }
                }
                // PASSIVE: never waits for the writer; syncs the WAL, copies what it can, syncs the database.
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException | RuntimeException e) {
            synchronized (lock) {
                if (failure == null) {
                    failure = new StoreException("cannot sync " + dbFile + ": " + e.getMessage(), e);
                }
                lock.notifyAll();
            }
        }
    }

    /** The INSERT of one {@code ntp_samples} row; bind it with {@link #bindNtpSample}. */
    public static final String NTP_SAMPLE_INSERT = "INSERT INTO ntp_samples (server, t1_ns, t2_ns, t3_ns, t4_ns, "
            + "t1_mono_raw_ns, t4_mono_raw_ns, stratum, ref_id, leap, offset_ns, delay_ns, accepted, reject_reason) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    /** Binds one NTP exchange to {@link #NTP_SAMPLE_INSERT}: the one place that maps it to the table's columns. */
    public static void bindNtpSample(PreparedStatement p, NtpSample n) throws SQLException {
        p.setString(1, n.server());
        p.setLong(2, n.t1Ns());
        p.setLong(3, n.t2Ns());
        p.setLong(4, n.t3Ns());
        p.setLong(5, n.t4Ns());
        p.setLong(6, n.t1MonoRawNs());
        p.setLong(7, n.t4MonoRawNs());
        p.setInt(8, n.stratum());
        p.setString(9, n.refId());
        p.setInt(10, n.leap());
        p.setLong(11, n.offsetNs());
        p.setLong(12, n.delayNs());
        p.setInt(13, n.accepted() ? 1 : 0);
        p.setString(14, n.rejectReason());
    }

    private void write(Statements st, List<Object> batch) throws SQLException {
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            Object row = batch.get(i);
            if (row instanceof BufferStamp) {
                int end = i + 1;
                while (end < size && batch.get(end) instanceof BufferStamp) {
                    end++;
                }
                writeBuffers(st, batch, i, end);
                i = end - 1;
            } else if (row instanceof SessionEvent e) {
                PreparedStatement p = st.event;
                p.setLong(1, e.realtimeNs());
                p.setLong(2, e.monoRawNs());
                setLong(p, 3, e.sampleIndex());
                p.setString(4, e.kind().text);
                p.setString(5, e.detail());
                setLong(p, 6, e.frames());
                p.executeUpdate();
            } else if (row instanceof NtpSample n) {
                bindNtpSample(st.ntp, n);
                st.ntp.executeUpdate();
            } else if (row instanceof ClockEvent c) {
                PreparedStatement p = st.clock;
                p.setLong(1, c.realtimeNs());
                p.setLong(2, c.monoRawNs());
                p.setString(3, c.kind().text());
                p.setDouble(4, c.frequencyPpm());
                p.setLong(5, c.phaseNs());
                p.setString(6, c.state().name());
                p.setString(7, c.detail());
                p.executeUpdate();
            } else if (row instanceof FileOpened f) {
                PreparedStatement p = st.fileOpened;
                p.setString(1, f.path());
                p.setLong(2, f.firstSampleIndex());
                p.setLong(3, f.realtimeNs());
                p.executeUpdate();
            } else if (row instanceof FileFrames f) {
                PreparedStatement p = st.fileFrames;
                p.setLong(1, f.frames());
                p.setString(2, f.status());
                setLong(p, 3, f.closedRealtimeNs());
                p.setString(4, f.dataSha256());
                p.setString(5, f.path());
                p.executeUpdate();
            } else if (row instanceof SessionStopped s) {
                PreparedStatement p = st.stopped;
                p.setLong(1, s.realtimeNs());
                p.setLong(2, s.monoRawNs());
                p.setString(3, s.reason());
                p.executeUpdate();
            } else {
                throw new IllegalArgumentException("not a store row: " + row);
            }
        }
        connection.commit();
    }

    /** Buffer rows {@code [from, to)} of {@code batch}, each statement as large as the rows left allow. */
    private static void writeBuffers(Statements st, List<Object> batch, int from, int to) throws SQLException {
        int i = from;
        for (int s = 0; s < BUFFER_ROWS_PER_INSERT.length; s++) {
            int rows = BUFFER_ROWS_PER_INSERT[s];
            PreparedStatement p = st.buffers[s];
            while (to - i >= rows) {
                for (int k = 0; k < rows; k++) {
                    bindBuffer(p, BUFFER_COLUMNS * k, (BufferStamp) batch.get(i + k));
                }
                p.executeUpdate();
                i += rows;
            }
        }
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setLong(i, v);
        }
    }

    private static void bindBuffer(PreparedStatement p, int offset, BufferStamp b) throws SQLException {
        p.setLong(offset + 1, b.seq());
        p.setLong(offset + 2, b.sampleIndex());
        p.setInt(offset + 3, b.frames());
        p.setLong(offset + 4, b.sysRealtimeNs());
        p.setLong(offset + 5, b.monoRawNs());
        setLong(p, offset + 6, b.ntpTimeNs());
        setLong(p, offset + 7, b.ptpTimeNs());
        p.setInt(offset + 8, b.flags());
        setLong(p, offset + 9, b.fillFrames() == BufferStamp.FILL_UNKNOWN ? null : b.fillFrames());
        p.setInt(offset + 10, b.stampSource().code);
    }

    private static final int BUFFER_COLUMNS = 10;

    /** The writer's prepared statements, made once. */
    private static final class Statements implements AutoCloseable {
        /** One per size in {@link #BUFFER_ROWS_PER_INSERT}. */
        final PreparedStatement[] buffers = new PreparedStatement[BUFFER_ROWS_PER_INSERT.length];
        final PreparedStatement event;
        final PreparedStatement ntp;
        final PreparedStatement clock;
        final PreparedStatement fileOpened;
        final PreparedStatement fileFrames;
        final PreparedStatement stopped;

        Statements(Connection c) throws SQLException {
            for (int s = 0; s < BUFFER_ROWS_PER_INSERT.length; s++) {
                buffers[s] = c.prepareStatement("INSERT INTO buffers (seq, sample_index, frames, sys_realtime_ns, "
                        + "mono_raw_ns, ntp_time_ns, ptp_time_ns, flags, fill_frames, stamp_source) VALUES "
                        + String.join(",", Collections.nCopies(BUFFER_ROWS_PER_INSERT[s], "(?,?,?,?,?,?,?,?,?,?)")));
            }
            event = c.prepareStatement("INSERT INTO events (realtime_ns, mono_raw_ns, sample_index, kind, detail, frames) "
                    + "VALUES (?,?,?,?,?,?)");
            ntp = c.prepareStatement(NTP_SAMPLE_INSERT);
            clock = c.prepareStatement("INSERT INTO clock_events (realtime_ns, mono_raw_ns, kind, frequency_ppm, "
                    + "phase_ns, state, detail) VALUES (?,?,?,?,?,?,?)");
            fileOpened = c.prepareStatement("INSERT INTO files (path, first_sample_index, frames, status, "
                    + "opened_realtime_ns) VALUES (?,?,0,'recording',?)");
            fileFrames = c.prepareStatement("UPDATE files SET frames = ?, status = coalesce(?, status), "
                    + "closed_realtime_ns = coalesce(?, closed_realtime_ns), data_sha256 = coalesce(?, data_sha256) "
                    + "WHERE path = ?");
            stopped = c.prepareStatement("UPDATE sessions SET stop_realtime_ns = ?, stop_mono_raw_ns = ?, "
                    + "stop_reason = ? WHERE id = 1");
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement p : buffers) {
                p.close();
            }
            for (PreparedStatement p : List.of(event, ntp, clock, fileOpened, fileFrames, stopped)) {
                p.close();
            }
        }
    }
}
