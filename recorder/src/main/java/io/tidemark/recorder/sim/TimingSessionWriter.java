package io.tidemark.recorder.sim;

import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Writes a timing-only simulated session (session.db and truth.csv, no audio) fast enough for a
 * 120-day benchmark session (~10^8 buffer rows). The rows are the ones {@link SimulatedSessionWriter}
 * writes through the recorder's {@link TimestampStore} (same schema, made by the store itself; same
 * values; same WAL journal mode at the end): {@code TimingSessionWriterTest} compares the two. What is
 * left out is what the recorder needs and a benchmark build does not: durability while writing (no
 * journal, no fsync: an interrupted build is deleted, never used), the BufferStamp object per row, and
 * the click list in memory (truth.csv is streamed: 10^7 clicks in 120 days).
 * The series is generated on the calling thread while a second thread writes, so both cores work.
 */
public final class TimingSessionWriter {

    /** Buffer rows per INSERT statement: one step into SQLite per chunk, not per row. */
    static final int ROWS_PER_INSERT = 1024;
    /** Rows per transaction. */
    static final int ROWS_PER_COMMIT = 1_048_576;
    private static final int COLUMNS = 5; // sample_index, frames, sys_realtime_ns, mono_raw_ns, flags
    private static final int CHUNKS_IN_FLIGHT = 8;

    /** Rows generated and not yet written, in the order generated. */
    private static final class Chunk {
        final long firstSeq;
        final long[] rows = new long[ROWS_PER_INSERT * COLUMNS];
        int count;
        final List<NtpSample> ntp = new ArrayList<>();
        boolean last;

        Chunk(long firstSeq) {
            this.firstSeq = firstSeq;
        }
    }

    private TimingSessionWriter() {
    }

    /**
     * @param dir      the session folder to create (must not exist)
     * @param progress called with the buffers written so far, now and then
     * @return the number of clicks in truth.csv
     */
    public static long write(Path dir, SyntheticStampSeries.Scenario s, LongConsumer progress) throws IOException {
        if (Files.exists(dir)) {
            throw new IOException(dir + " already exists: never overwrite a session");
        }
        Files.createDirectories(dir);
        SessionInfo info = SimulatedSessionWriter.sessionInfo(dir, s, 8, 24);
        // The store creates the database, its schema and the sessions row exactly as when recording.
        TimestampStore.create(dir, info).close();
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
        Throwable[] writeFailure = new Throwable[1];
        Thread writer = new Thread(() -> {
            try {
                writeRows(dir.resolve(TimestampStore.FILE_NAME), queue, progress);
            } catch (InterruptedException e) {
                // The generator failed and says so itself.
            } catch (Exception e) {
                writeFailure[0] = e;
            }
        }, "timing-session-writer");
        writer.setDaemon(true);
        writer.start();
        long[] clicks = new long[1];
        try (BufferedWriter truth = Files.newBufferedWriter(dir.resolve("truth.csv"))) {
            truth.write("sample_index,true_utc_ns\n");
            Chunk[] current = {new Chunk(0)};
            SyntheticStampSeries.generate(s, new SyntheticStampSeries.Sink() {
                @Override
                public void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags) {
                    Chunk c = current[0];
                    int o = c.count * COLUMNS;
                    c.rows[o] = sampleIndex;
                    c.rows[o + 1] = frames;
                    c.rows[o + 2] = realtimeNs;
                    c.rows[o + 3] = monoRawNs;
                    c.rows[o + 4] = BufferStamp.withSyncState(flags, BufferStamp.SyncState.NTP);
                    if (++c.count == ROWS_PER_INSERT) {
                        hand(queue, c, writer, writeFailure);
                        current[0] = new Chunk(c.firstSeq + c.count);
                    }
                }

                @Override
                public void ntp(NtpSample sample) {
                    current[0].ntp.add(sample);
                }

                @Override
                public void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
                    try {
                        truth.write(sampleIndex + "," + trueUtcNs + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    clicks[0]++;
                }
            });
            current[0].last = true;
            hand(queue, current[0], writer, writeFailure);
            writer.join();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + dir, e);
        } finally {
            writer.interrupt(); // when the generator failed, the writer would wait for rows forever
        }
        if (writeFailure[0] != null) {
            throw new IOException("cannot write " + dir.resolve(TimestampStore.FILE_NAME) + ": " + writeFailure[0].getMessage(),
                    writeFailure[0]);
        }
        return clicks[0];
    }

    private static void hand(BlockingQueue<Chunk> queue, Chunk c, Thread writer, Throwable[] writeFailure) {
        try {
            while (!queue.offer(c, 1, TimeUnit.SECONDS)) {
                if (!writer.isAlive()) {
                    throw new IllegalStateException("the session writer stopped: " + writeFailure[0]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The writer thread: drains chunks into the database until the last one. */
    private static void writeRows(Path db, BlockingQueue<Chunk> queue, LongConsumer progress)
            throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=OFF");
                st.execute("PRAGMA synchronous=OFF");
                st.execute("PRAGMA cache_size=-65536");
            }
            c.setAutoCommit(false);
            String columns = "INSERT INTO buffers (seq, sample_index, frames, sys_realtime_ns, mono_raw_ns, ntp_time_ns,"
                    + " ptp_time_ns, flags) VALUES ";
            try (PreparedStatement many = c.prepareStatement(columns
                    + String.join(",", Collections.nCopies(ROWS_PER_INSERT, "(?,?,?,?,?,NULL,NULL,?)")));
                 PreparedStatement one = c.prepareStatement(columns + "(?,?,?,?,?,NULL,NULL,?)");
                 PreparedStatement ntp = c.prepareStatement(TimestampStore.NTP_SAMPLE_INSERT)) {
                long written = 0;
                long sinceCommit = 0;
                while (true) {
                    Chunk chunk = queue.take();
                    for (NtpSample n : chunk.ntp) {
                        TimestampStore.bindNtpSample(ntp, n);
                        ntp.executeUpdate();
                    }
                    if (chunk.count == ROWS_PER_INSERT) {
                        for (int k = 0; k < chunk.count; k++) {
                            bindBuffer(many, 6 * k, chunk.firstSeq + k, chunk.rows, k * COLUMNS);
                        }
                        many.executeUpdate();
                    } else {
                        for (int k = 0; k < chunk.count; k++) {
                            bindBuffer(one, 0, chunk.firstSeq + k, chunk.rows, k * COLUMNS);
                            one.executeUpdate();
                        }
                    }
                    long before = written;
                    written += chunk.count;
                    sinceCommit += chunk.count;
                    if (sinceCommit >= ROWS_PER_COMMIT || chunk.last) {
                        c.commit();
                        sinceCommit = 0;
                    }
                    if (written / 1_000_000 != before / 1_000_000 || chunk.last) {
                        progress.accept(written);
                    }
                    if (chunk.last) {
                        break;
                    }
                }
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                // As the recorder leaves it: a WAL database (the mode is kept in the file).
                st.execute("PRAGMA journal_mode=WAL");
            }
        }
    }

    private static void bindBuffer(PreparedStatement p, int offset, long seq, long[] rows, int o) throws SQLException {
        p.setLong(offset + 1, seq);
        p.setLong(offset + 2, rows[o]);
        p.setInt(offset + 3, (int) rows[o + 1]);
        p.setLong(offset + 4, rows[o + 2]);
        p.setLong(offset + 5, rows[o + 3]);
        p.setInt(offset + 6, (int) rows[o + 4]);
    }
}
