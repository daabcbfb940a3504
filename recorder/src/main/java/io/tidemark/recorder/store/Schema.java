package io.tidemark.recorder.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The session database's schema, as an ordered list of migrations. {@code PRAGMA user_version}
 * holds the number of migrations applied; opening a database applies the missing ones in one
 * transaction each. To change the schema, append a migration: never edit one that has shipped.
 * docs/schema.md describes every table and column.
 */
public final class Schema {

    /** One step from version {@code version - 1} to {@code version}. */
    record Migration(int version, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, List.of(
                    """
                    CREATE TABLE sessions (
                      id INTEGER PRIMARY KEY,
                      session_id TEXT NOT NULL,
                      device TEXT NOT NULL,
                      channels INTEGER NOT NULL,
                      sample_rate_hz INTEGER NOT NULL,
                      bits_per_sample INTEGER NOT NULL,
                      buffer_frames INTEGER NOT NULL,
                      host TEXT,
                      software_version TEXT,
                      config_json TEXT,
                      simulated INTEGER NOT NULL,
                      start_realtime_ns INTEGER NOT NULL,
                      start_mono_raw_ns INTEGER NOT NULL,
                      stop_realtime_ns INTEGER NULL,
                      stop_mono_raw_ns INTEGER NULL,
                      stop_reason TEXT NULL
                    )""",
                    """
                    CREATE TABLE buffers (
                      seq INTEGER PRIMARY KEY,
                      sample_index INTEGER NOT NULL,
                      frames INTEGER NOT NULL,
                      sys_realtime_ns INTEGER NOT NULL,
                      mono_raw_ns INTEGER NOT NULL,
                      ntp_time_ns INTEGER NULL,
                      ptp_time_ns INTEGER NULL,
                      flags INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE files (
                      id INTEGER PRIMARY KEY,
                      path TEXT UNIQUE NOT NULL,
                      first_sample_index INTEGER NOT NULL,
                      frames INTEGER NOT NULL,
                      status TEXT NOT NULL,
                      opened_realtime_ns INTEGER,
                      closed_realtime_ns INTEGER NULL
                    )""",
                    """
                    CREATE TABLE events (
                      id INTEGER PRIMARY KEY,
                      realtime_ns INTEGER,
                      mono_raw_ns INTEGER,
                      sample_index INTEGER NULL,
                      kind TEXT NOT NULL,
                      detail TEXT,
                      frames INTEGER NULL
                    )""",
                    "CREATE INDEX events_kind ON events(kind)",
                    """
                    CREATE TABLE ntp_samples (
                      id INTEGER PRIMARY KEY,
                      server TEXT,
                      t1_ns INTEGER, t2_ns INTEGER, t3_ns INTEGER, t4_ns INTEGER,
                      t1_mono_raw_ns INTEGER, t4_mono_raw_ns INTEGER,
                      stratum INTEGER, ref_id TEXT, leap INTEGER,
                      offset_ns INTEGER, delay_ns INTEGER,
                      accepted INTEGER, reject_reason TEXT NULL
                    )""",
                    """
                    CREATE TABLE clock_events (
                      id INTEGER PRIMARY KEY,
                      realtime_ns INTEGER, mono_raw_ns INTEGER,
                      kind TEXT, frequency_ppm REAL, phase_ns INTEGER, state TEXT, detail TEXT
                    )""")),
            // Native ALSA capture: the device buffer's fill after each read, and whether the stamp is the
            // kernel's (1) or the read's return (0, as every buffer recorded before this version).
            new Migration(2, List.of(
                    "ALTER TABLE buffers ADD COLUMN fill_frames INTEGER NULL",
                    "ALTER TABLE buffers ADD COLUMN stamp_source INTEGER NOT NULL DEFAULT 0")),
            // Integrity: the SHA-256 of each file's audio data (the data chunk's bytes), taken as it was
            // written and stored when the file closed; null for a file repaired after a crash.
            new Migration(3, List.of(
                    "ALTER TABLE files ADD COLUMN data_sha256 TEXT NULL")),
            // The station: the kernel's boot id when the session began (a session that ended without a
            // stop, followed by one with the same boot id, crashed; with another, the machine went down),
            // and the channel map, a JSON array of one name per channel.
            new Migration(4, List.of(
                    "ALTER TABLE sessions ADD COLUMN boot_id TEXT NULL",
                    "ALTER TABLE sessions ADD COLUMN channel_names TEXT NULL")),
            // Reference marks (PPS edges, LTC frame starts) found on a reference channel by 'tidemark marks':
            // where each sits in the recording (fractional samples, fixed point) and the UTC it asserts.
            new Migration(5, List.of(
                    """
                    CREATE TABLE marks (
                      id INTEGER PRIMARY KEY,
                      kind TEXT NOT NULL,
                      channel INTEGER NOT NULL,
                      sample_pos_q20 INTEGER NOT NULL,
                      utc_ns INTEGER NOT NULL,
                      residual_ns INTEGER NULL,
                      flags INTEGER NOT NULL,
                      detail TEXT NULL
                    )""",
                    "CREATE INDEX marks_position ON marks(sample_pos_q20)")));

    /** The first version whose buffers have fill_frames and stamp_source. */
    public static final int BUFFER_TIMING_VERSION = 2;

    /** The first version whose files have data_sha256. */
    public static final int FILE_DIGEST_VERSION = 3;

    /** The first version whose sessions have boot_id and channel_names. */
    public static final int STATION_VERSION = 4;

    /** The first version with the marks table. */
    public static final int MARKS_VERSION = 5;

    /** The version this build writes. */
    public static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private Schema() {
    }

    /** Reads PRAGMA user_version. */
    public static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings {@code c} up to {@link #CURRENT_VERSION}. A database newer than this build is refused
     * rather than misread.
     */
    public static void migrate(Connection c) throws SQLException {
        int have = version(c);
        if (have > CURRENT_VERSION) {
            throw new SQLException("database schema version " + have + " is newer than this Tidemark ("
                    + CURRENT_VERSION + ")");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (Migration m : MIGRATIONS) {
                if (m.version() <= have) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.executeUpdate(sql);
                    }
                    s.executeUpdate("PRAGMA user_version = " + m.version());
                }
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
