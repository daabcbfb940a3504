package io.tidemark.analysis.model;

import io.tidemark.recorder.store.SessionReader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a session's buffer stamps in {@code seq} order and hands them over in batches, reading on
 * threads of their own. Over 120 days (10^8 rows) SQLite's step and the JDBC column reads cost four
 * to six times what the fit itself does (300–500 ns a row against ~80 ns). So {@link #READERS} threads,
 * each with its own connection, read alternate chunks of {@link #CHUNK_ROWS} rows, and the consumer
 * takes the chunks in turn: the batches arrive in {@code seq} order, and the fit is the same as a plain
 * loop's.
 */
final class BufferStampReader implements AutoCloseable {

    static final int READERS = 2;
    static final long CHUNK_ROWS = 65_536;
    static final int BATCH_ROWS = 16_384;
    private static final int BATCHES_AHEAD = 8; // two chunks: a reader keeps reading while the other one's chunk is consumed

    /** Rows {@code [0, count)} of the columns; {@code sysRealtimeNs} is null unless asked for. */
    static final class Batch {
        final long[] sampleIndex = new long[BATCH_ROWS];
        final int[] frames = new int[BATCH_ROWS];
        final long[] monoRawNs = new long[BATCH_ROWS];
        final int[] flags = new int[BATCH_ROWS];
        final long[] sysRealtimeNs;
        int count;
        private final ChunkReader owner;

        private Batch(boolean withSystemClock, ChunkReader owner) {
            this.sysRealtimeNs = withSystemClock ? new long[BATCH_ROWS] : null;
            this.owner = owner;
        }
    }

    private static final Batch CHUNK_END = new Batch(false, null);
    private static final Batch END = new Batch(false, null);

    private final List<ChunkReader> readers = new ArrayList<>();
    private final List<SessionReader> ownConnections = new ArrayList<>();
    private volatile boolean closed;
    private int turn;
    private boolean ended;

    /**
     * Starts reading the rows with {@code seq <= lastSeq}. {@code session}'s connection belongs to the
     * first reading thread until {@link #close()} returns; the others open their own.
     */
    static BufferStampReader start(SessionReader session, long lastSeq, boolean withSystemClock) throws SQLException {
        return new BufferStampReader(session, lastSeq, withSystemClock);
    }

    private BufferStampReader(SessionReader session, long lastSeq, boolean withSystemClock) throws SQLException {
        long firstSeq;
        try (Statement s = session.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(min(seq), 0) FROM buffers")) {
            firstSeq = r.next() ? r.getLong(1) : 0;
        }
        try {
            for (int j = 0; j < READERS; j++) {
                Connection c = session.connection();
                if (j > 0) {
                    SessionReader other = session.openAnother();
                    ownConnections.add(other);
                    c = other.connection();
                }
                readers.add(new ChunkReader(j, c, firstSeq, lastSeq, withSystemClock));
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        readers.forEach(r -> r.thread.start());
    }

    /** The next batch in order, or null after the last; give it back with {@link #recycle}. */
    Batch next() throws SQLException {
        while (!ended) {
            ChunkReader r = readers.get(turn);
            Batch b;
            try {
                b = r.full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the buffer stamps", e);
            }
            if (b == CHUNK_END) {
                turn = (turn + 1) % readers.size();
            } else if (b == END) {
                // This reader's next chunk lies past the end, and the chunks go round in turn: all done.
                ended = true;
                for (ChunkReader other : readers) {
                    if (other.failure != null) {
                        throw other.failure;
                    }
                }
            } else {
                return b;
            }
        }
        return null;
    }

    /** Hands a batch the caller has finished with back to its reader. */
    void recycle(Batch b) {
        b.count = 0;
        b.owner.empty.offer(b);
    }

    /** Stops the readers (if still going), waits for them to let go of the connections, closes their own. */
    @Override
    public void close() {
        closed = true;
        for (ChunkReader r : readers) {
            while (r.thread.isAlive()) {
                Batch b = r.full.poll();
                if (b != null && b.owner != null) {
                    recycle(b);
                }
                try {
                    r.thread.join(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        for (SessionReader c : ownConnections) {
            try {
                c.close();
            } catch (Exception e) {
                // a read-only connection: nothing of the user's is lost
            }
        }
    }

    /** One reading thread: chunks {@code index, index + READERS, ...}, each followed by CHUNK_END. */
    private final class ChunkReader {
        final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES_AHEAD + 2);
        final BlockingQueue<Batch> empty = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        final Thread thread;
        volatile SQLException failure;

        ChunkReader(int index, Connection c, long firstSeq, long lastSeq, boolean withSystemClock) {
            for (int i = 0; i < BATCHES_AHEAD; i++) {
                empty.add(new Batch(withSystemClock, this));
            }
            thread = new Thread(() -> read(index, c, firstSeq, lastSeq, withSystemClock), "buffer-stamp-reader-" + index);
            thread.setDaemon(true);
        }

        private void read(int index, Connection c, long firstSeq, long lastSeq, boolean withSystemClock) {
            // Only the columns the fit needs: each column read is a JNI call, 10^8 rows each.
            String columns = "sample_index, frames, mono_raw_ns, flags" + (withSystemClock ? ", sys_realtime_ns" : "");
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + columns + " FROM buffers WHERE seq >= ? AND seq < ? AND seq <= ? ORDER BY seq")) {
                for (long chunk = index; !closed; chunk += READERS) {
                    long from = firstSeq + chunk * CHUNK_ROWS;
                    if (from > lastSeq) {
                        break;
                    }
                    s.setLong(1, from);
                    s.setLong(2, from + CHUNK_ROWS);
                    s.setLong(3, lastSeq);
                    try (ResultSet r = s.executeQuery()) {
                        Batch b = empty.take();
                        while (!closed && r.next()) {
                            int i = b.count++;
                            b.sampleIndex[i] = r.getLong(1);
                            b.frames[i] = r.getInt(2);
                            b.monoRawNs[i] = r.getLong(3);
                            b.flags[i] = r.getInt(4);
                            if (withSystemClock) {
                                b.sysRealtimeNs[i] = r.getLong(5);
                            }
                            if (b.count == BATCH_ROWS) {
                                full.put(b);
                                b = empty.take();
                            }
                        }
                        if (b.count > 0) {
                            full.put(b);
                        } else {
                            empty.offer(b);
                        }
                    }
                    full.put(CHUNK_END);
                }
            } catch (SQLException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finish();
            }
        }

        /** Queues END; a consumer that closed us no longer waits for it. */
        private void finish() {
            try {
                while (!closed && !full.offer(END, 10, TimeUnit.MILLISECONDS)) {
                    // the consumer is still working through the batches ahead of it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
