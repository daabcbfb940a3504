package io.tidemark.recorder.session;

import io.tidemark.recorder.audio.BwfRepair;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.Schema;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.TimestampStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * At the next start, finishes what a crash (kill -9, power cut) left behind in an output folder:
 * audio files still in status {@code recording} get their headers repaired ({@link BwfRepair}: sizes
 * only, no audio byte removed) and are marked {@code repaired} with the frames they hold; a session
 * without a stop gets the last buffer's stamps and stop_reason {@code crashed}. Sessions whose
 * recorder still runs (their lock is held) are left alone.
 */
public final class SessionRepair {

    private static final Logger log = LoggerFactory.getLogger(SessionRepair.class);

    /** One repaired file. */
    public record Repaired(String sessionId, String path, long framesBefore, long framesAfter) {
    }

    private SessionRepair() {
    }

    /** Repairs every unfinished session directly under {@code out}. Never throws for one bad session. */
    public static List<Repaired> repairAll(Path out) {
        List<Repaired> all = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return all;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(out, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (!Files.isRegularFile(dir.resolve(TimestampStore.FILE_NAME))) {
                    continue;
                }
                try {
                    all.addAll(repair(dir));
                } catch (IOException | SQLException | RuntimeException e) {
                    log.warn("could not repair {}", dir, e);
                }
            }
        } catch (IOException e) {
            log.warn("could not list {}", out, e);
        }
        return all;
    }

    /** Repairs one session folder if it is unfinished and nobody records into it. */
    public static List<Repaired> repair(Path dir) throws IOException, SQLException {
        List<Repaired> done = new ArrayList<>();
        try (SessionFolder locked = SessionFolder.tryLock(dir)) {
            if (locked == null) {
                return done; // still recording
            }
            try (Connection c = TimestampStore.connect(dir.resolve(TimestampStore.FILE_NAME))) {
                Schema.migrate(c);
                String sessionId = dir.getFileName().toString();
                List<String[]> open = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT path, frames FROM files WHERE status = '" + FileRow.RECORDING + "' ORDER BY id")) {
                    while (r.next()) {
                        open.add(new String[]{r.getString(1), Long.toString(r.getLong(2))});
                    }
                }
                long[] last = lastStamp(c);
                for (String[] f : open) {
                    Path file = dir.resolve(f[0]);
                    long before = Long.parseLong(f[1]);
                    long after;
                    String detail;
                    if (Files.isRegularFile(file)) {
                        BwfRepair.Result res = BwfRepair.repair(file);
                        after = res.framesAfter();
                        detail = f[0] + ": header " + (res.repaired() ? "repaired" : "was complete") + ", "
                                + after + " frames";
                    } else {
                        after = 0;
                        detail = f[0] + ": missing after the crash";
                    }
                    try (PreparedStatement p = c.prepareStatement("UPDATE files SET frames = ?, status = ?, "
                            + "closed_realtime_ns = ? WHERE path = ?")) {
                        p.setLong(1, after);
                        p.setString(2, FileRow.REPAIRED);
                        p.setLong(3, last[0]);
                        p.setString(4, f[0]);
                        p.executeUpdate();
                    }
                    insertEvent(c, last, SessionEvent.Kind.FILE_REPAIRED, detail);
                    done.add(new Repaired(sessionId, f[0], before, after));
                }
                for (String orphan : filesUnknownToTheDatabase(c, dir)) {
                    // Cannot happen since a file is on record before its first audio; if it does, say so
                    // rather than guess where its audio belongs. The file itself stays untouched.
                    insertEvent(c, last, SessionEvent.Kind.ERROR,
                            orphan + ": audio file not in the files table, left as is");
                    log.warn("{}: {} is not in the files table; left as is", sessionId, orphan);
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET stop_realtime_ns = ?, "
                        + "stop_mono_raw_ns = ?, stop_reason = 'crashed' WHERE stop_realtime_ns IS NULL")) {
                    p.setLong(1, last[0]);
                    p.setLong(2, last[1]);
                    if (p.executeUpdate() > 0) {
                        insertEvent(c, last, SessionEvent.Kind.SESSION_STOPPED,
                                "crashed: finished by repair at the next start");
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        }
        return done;
    }

    private static List<String> filesUnknownToTheDatabase(Connection c, Path dir) throws SQLException, IOException {
        Set<String> known = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT path FROM files")) {
            while (r.next()) {
                known.add(r.getString(1));
            }
        }
        List<String> unknown = new ArrayList<>();
        try (DirectoryStream<Path> wavs = Files.newDirectoryStream(dir, "*.wav")) {
            for (Path wav : wavs) {
                String name = wav.getFileName().toString();
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        unknown.sort(null);
        return unknown;
    }

    // The last buffer's stamps (or the session start): the best "when" for a crashed session's end.
    private static long[] lastStamp(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT sys_realtime_ns, mono_raw_ns, sample_index + frames FROM buffers ORDER BY seq DESC LIMIT 1")) {
            if (r.next()) {
                return new long[]{r.getLong(1), r.getLong(2), r.getLong(3)};
            }
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT start_realtime_ns, start_mono_raw_ns, 0 FROM sessions ORDER BY id LIMIT 1")) {
            r.next();
            return new long[]{r.getLong(1), r.getLong(2), 0};
        }
    }

    private static void insertEvent(Connection c, long[] at, SessionEvent.Kind kind, String detail) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO events (realtime_ns, mono_raw_ns, sample_index, kind, detail) VALUES (?,?,?,?,?)")) {
            p.setLong(1, at[0]);
            p.setLong(2, at[1]);
            p.setLong(3, at[2]);
            p.setString(4, kind.text);
            p.setString(5, detail);
            p.executeUpdate();
        }
    }
}
