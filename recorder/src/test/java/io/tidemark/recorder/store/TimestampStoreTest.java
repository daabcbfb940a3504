package io.tidemark.recorder.store;

import io.tidemark.recorder.capture.StampSource;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.sync.clock.ClockEvent;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.servo.ServoState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampStoreTest {

    static SessionInfo info(String id) {
        return new SessionInfo(id, "sim", 8, 48_000, 24, 4800, "host", "test", "{}", true,
                1_700_000_000_000_000_000L, 5_000_000_000L, null, null, null);
    }

    static BufferStamp stamp(long seq) {
        return new BufferStamp(seq, seq * 4800, 4800, 1_700_000_000_000_000_000L + seq * 100_000_000L,
                5_000_000_000L + seq * 100_000_000L, seq % 2 == 0 ? null : 1_700_000_000_000_000_000L + seq,
                null, BufferStamp.withSyncState(0, BufferStamp.SyncState.NTP));
    }

    @Test
    void aFileIsOnRecordWhenFileOpenedReturns(@TempDir Path dir) throws Exception {
        // A long commit interval: without the flush the row would sit in the queue for a minute.
        try (TimestampStore store = TimestampStore.create(dir, info("s1"), 60_000)) {
            store.addBuffer(stamp(0));
            store.fileOpened("a.wav", 0);
            try (SessionReader other = SessionReader.open(dir)) {
                assertEquals(List.of("a.wav"), other.files().stream().map(FileRow::path).toList());
                assertEquals(1, other.bufferCount(), "rows queued before the file are committed with it");
            }
        }
    }

    @Test
    void writesEveryTableAndReadsItBack(@TempDir Path dir) throws Exception {
        try (TimestampStore store = TimestampStore.create(dir, info("s1"))) {
            store.fileOpened("a.wav", 0);
            for (int i = 0; i < 10_000; i++) {
                store.addBuffer(stamp(i));
            }
            store.addEvent(new SessionEvent(1, 2, 4800L, SessionEvent.Kind.GAP, "lost", 4800L));
            store.accept(new NtpSample("127.0.0.1:123", 1, 2, 3, 4, 5, 6, 1, "GPS", 0, 0, 2, true, null));
            store.accept(new ClockEvent(1, 2, ClockEvent.Kind.STATE, 1.5, 0, ServoState.LOCK, null));
            store.fileSynced("a.wav", 1000);
            store.fileClosed("a.wav", 48_000_000, null);
            store.sessionStopped(10, 20, "completed");
        }
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals("ok", r.integrityCheck());
            assertEquals(10_000, r.bufferCount());
            assertEquals(48_000_000, r.frames());
            assertEquals(0, r.discontinuities());
            assertEquals(stamp(9999), r.lastBuffer());
            assertEquals(stamp(0), r.firstBuffer());
            assertNull(r.firstBuffer().ntpTimeNs());
            assertEquals(BufferStamp.SyncState.NTP, r.lastBuffer().syncState());
            assertEquals(1, r.eventCount(SessionEvent.Kind.GAP));
            assertEquals(4800, r.eventFrames(SessionEvent.Kind.GAP));
            assertEquals(1, r.ntpSampleCount());
            List<FileRow> files = r.files();
            assertEquals(1, files.size());
            assertEquals(FileRow.CLOSED, files.get(0).status());
            assertEquals(48_000_000, files.get(0).frames());
            SessionInfo s = r.session();
            assertEquals("completed", s.stopReason());
            assertEquals(10L, s.stopRealtimeNs());
            assertEquals(Schema.CURRENT_VERSION, Schema.version(r.connection()));
        }
    }

    @Test
    void theChannelMapAndThisBootsIdAreStoredWithTheSession(@TempDir Path dir) throws Exception {
        List<String> names = List.of("BOND6", "FAR3", "TRI6", "TRI7C", "BOND1", "ROST2", "TRI2", "Bjorn1");
        try (TimestampStore store = TimestampStore.create(dir, info("s"), names)) {
            store.sessionStopped(1, 2, "completed");
        }
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals(names, r.channelNames());
            assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).strip(),
                    r.bootId().orElseThrow());
        }
        Path other = dir.resolve("unnamed");
        java.nio.file.Files.createDirectories(other);
        try (TimestampStore store = TimestampStore.create(other, info("u"))) {
            store.sessionStopped(1, 2, "completed");
        }
        try (SessionReader r = SessionReader.open(other)) {
            assertEquals(List.of(), r.channelNames());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TimestampStore.create(dir.resolve("x"), info("x"), List.of("one", "two")));
    }

    @Test
    void everyBufferRowReadsBackExactlyHoweverTheRowsAreBatched(@TempDir Path dir) throws Exception {
        // Runs of buffer rows of every length, cut by events and by flushes, so that multi-row
        // statements, their remainders and single rows all occur; nulls and large values in every column.
        List<BufferStamp> written = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        try (TimestampStore store = TimestampStore.create(dir, info("s5"))) {
            long seq = 0;
            while (seq < 40_000) {
                int run = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(1, 3000);
                for (int k = 0; k < run; k++, seq++) {
                    BufferStamp b = new BufferStamp(seq, seq * 4800 + random.nextInt(10), 4800 - random.nextInt(2),
                            Long.MAX_VALUE - random.nextLong(1L << 40), random.nextLong(Long.MAX_VALUE),
                            random.nextBoolean() ? null : random.nextLong(), random.nextInt(3) == 0 ? random.nextLong() : null,
                            random.nextInt(1 << 12));
                    store.addBuffer(b);
                    written.add(b);
                }
                if (random.nextBoolean()) {
                    store.addEvent(new SessionEvent(seq, seq, seq, SessionEvent.Kind.GAP, "between runs", null));
                } else {
                    store.flush();
                }
            }
        }
        List<BufferStamp> read = new ArrayList<>();
        try (SessionReader r = SessionReader.open(dir)) {
            r.forEachBuffer(read::add);
        }
        assertEquals(written.size(), read.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(written.get(i), read.get(i), "row " + i);
        }
    }

    @Test
    void rowsAreCommittedPeriodicallyWithoutFlushOrClose(@TempDir Path dir) throws Exception {
        TimestampStore store = TimestampStore.create(dir, info("s2"));
        try {
            for (int i = 0; i < 100; i++) {
                store.addBuffer(stamp(i));
            }
            long t0 = System.nanoTime();
            long seen = 0;
            // Another connection sees only committed rows: what would survive a crash now. The writer
            // commits every 250 ms; the 10 s bound only absorbs a heavily loaded test machine.
            while (seen < 100 && System.nanoTime() - t0 < 10_000_000_000L) {
                Thread.sleep(50);
                try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("session.db"));
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM buffers")) {
                    rs.next();
                    seen = rs.getLong(1);
                }
            }
            System.out.printf("rows visible to another connection after %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            assertEquals(100, seen);
        } finally {
            store.close();
        }
    }

    @Test
    void neverOverwritesASession(@TempDir Path dir) {
        TimestampStore.create(dir, info("s3")).close();
        assertThrows(IllegalStateException.class, () -> TimestampStore.create(dir, info("s3")));
    }

    @Test
    void migrationIsIdempotentAndVersioned(@TempDir Path dir) throws SQLException {
        try (var c = TimestampStore.connect(dir.resolve("x.db"))) {
            assertEquals(0, Schema.version(c));
            Schema.migrate(c);
            Schema.migrate(c);
            assertEquals(Schema.CURRENT_VERSION, Schema.version(c));
            List<String> tables = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.containsAll(List.of("buffers", "clock_events", "events", "files", "ntp_samples", "sessions")));
        }
    }

    @Test
    void aSessionRecordedBeforeBufferTimingStillOpensAndMigrates(@TempDir Path dir) throws SQLException {
        Path db = dir.resolve(TimestampStore.FILE_NAME);
        try (var c = TimestampStore.connect(db); var s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0).statements()) {
                s.executeUpdate(sql);
            }
            s.executeUpdate("PRAGMA user_version = 1");
            s.executeUpdate("INSERT INTO sessions (id, session_id, device, channels, sample_rate_hz, bits_per_sample, "
                    + "buffer_frames, simulated, start_realtime_ns, start_mono_raw_ns) VALUES (1,'old','sim',2,48000,24,"
                    + "4800,1,5,6)");
            s.executeUpdate("INSERT INTO buffers VALUES (0, 0, 4800, 100, 200, NULL, NULL, 0)");
            s.executeUpdate("INSERT INTO files VALUES (1, 'old.wav', 0, 4800, 'closed', 5, 7)");
        }
        try (SessionReader r = SessionReader.open(dir)) {
            BufferStamp b = r.firstBuffer();
            assertEquals(new BufferStamp(0, 0, 4800, 100, 200, null, null, 0), b);
            assertEquals(BufferStamp.FILL_UNKNOWN, b.fillFrames());
            assertEquals(StampSource.READ_RETURN, b.stampSource());
            assertEquals(1, r.buffersStampedBy(StampSource.READ_RETURN));
            assertEquals(0, r.buffersStampedBy(StampSource.KERNEL));
            assertEquals(null, r.files().get(0).dataSha256(), "a file from before digests has none");
        }
        try (var c = TimestampStore.connect(db)) {
            Schema.migrate(c);
            assertEquals(Schema.CURRENT_VERSION, Schema.version(c));
            c.createStatement().executeUpdate("INSERT INTO buffers VALUES (1, 4800, 4800, 300, 400, NULL, NULL, 0, 17, 1)");
        }
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals(new BufferStamp(0, 0, 4800, 100, 200, null, null, 0), r.firstBuffer(), "old rows: read return");
            assertEquals(new BufferStamp(1, 4800, 4800, 300, 400, null, null, 0, 17, StampSource.KERNEL), r.lastBuffer());
        }
    }

    @Test
    void marksGoIntoASessionOfSchemaFourWhichIsMigratedAndReadBack(@TempDir Path dir) throws SQLException {
        Path db = dir.resolve(TimestampStore.FILE_NAME);
        try (var c = TimestampStore.connect(db); var s = c.createStatement()) {
            for (Schema.Migration m : Schema.MIGRATIONS.subList(0, 4)) {
                for (String sql : m.statements()) {
                    s.executeUpdate(sql);
                }
            }
            s.executeUpdate("PRAGMA user_version = 4");
            s.executeUpdate("INSERT INTO sessions (id, session_id, device, channels, sample_rate_hz, bits_per_sample, "
                    + "buffer_frames, simulated, start_realtime_ns, start_mono_raw_ns) VALUES (1,'old','sim',2,48000,24,"
                    + "4800,1,5,6)");
        }
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals(List.of(), r.marks(), "a schema-4 session has no marks table: none");
        }
        // 2^40 samples (229 days at 48 kHz) with a fraction: the fixed-point position keeps a millionth of a sample
        double far = 1_099_511_627_776.123456;
        List<MarkRow> marks = List.of(
                new MarkRow("pps", 2, MarkRow.toQ20(48_000.25), 1_795_262_401_000_000_000L, -12L, 0, null),
                new MarkRow("ltc", 2, MarkRow.toQ20(far), 1_795_262_402_000_000_000L, null,
                        MarkRow.FLAG_MISSING_BEFORE | MarkRow.FLAG_MISALIGNED, "2026-11-21 12:00:02:00 Z"));
        TimestampStore.replaceMarks(dir, marks);
        TimestampStore.replaceMarks(dir, marks); // replaces, does not add
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals(Schema.CURRENT_VERSION, Schema.version(r.connection()));
            assertEquals(marks, r.marks());
            assertEquals(far, r.marks().get(1).positionSamples(), 1e-6);
            assertEquals(48_000.25, r.marks().get(0).positionSamples(), 0);
        }
    }
}
