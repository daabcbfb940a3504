package io.tidemark.app.bench;

import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.common.Json;
import io.tidemark.recorder.stamp.BufferStamp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark of the timestamp store: rows per second sustained through the batched writer (queue →
 * one transaction per batch, WAL with synchronous=NORMAL, synced by the checkpointer every second), in
 * wall time and per CPU-second of the store's threads (writer and checkpointer) and of the whole
 * process; and database bytes per recorded day at 100 ms buffers (864,000 rows; size after close,
 * the WAL checkpointed into the file). Prints a table, or JSON with {@code --json}. Run:
 * {@code java -cp "installer/target/app/lib/*" io.tidemark.app.bench.StoreBenchmark [--json] [--rows N] [--dir DIR]}
 * CPU comes from the kernel's accounting; on a VM whose host is busy it includes stolen time.
 */
public final class StoreBenchmark {

    private StoreBenchmark() {
    }

    /** One run: rows, wall time to the last commit and to the close, CPU of the producer, writer and process. */
    record Run(long rows, long wallToCommitNs, long wallToCloseNs, long producerCpuNs, long writerCpuNs,
               long processCpuNs, long dbBytes) {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        long rows = 2_000_000;
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: StoreBenchmark [--json] [--rows N] [--dir DIR]");
            }
        }
        Path tmp = Files.createTempDirectory(base, "tidemark-store-bench");
        Map<String, Object> m = new LinkedHashMap<>();
        long dayRows = 864_000;
        try {
            System.err.println("store: warm-up...");
            run(tmp.resolve("warm"), 300_000);
            System.err.println("store: " + rows + " rows...");
            Run r = run(tmp.resolve("rate"), rows);
            m.put("rows", rows);
            m.put("rowsPerWallSecond", perSecond(rows, r.wallToCommitNs()));
            m.put("rowsPerWallSecondWithClose", perSecond(rows, r.wallToCloseNs()));
            m.put("rowsPerWriterCpuSecond", perSecond(rows, r.writerCpuNs()));
            m.put("rowsPerProcessCpuSecond", perSecond(rows, r.processCpuNs()));
            m.put("wallSeconds", Math.round(r.wallToCommitNs() / 1e6) / 1e3);
            m.put("writerCpuSeconds", Math.round(r.writerCpuNs() / 1e6) / 1e3);
            m.put("producerCpuSeconds", Math.round(r.producerCpuNs() / 1e6) / 1e3);
            m.put("processCpuSeconds", Math.round(r.processCpuNs() / 1e6) / 1e3);
            System.err.println("store: one day of 100 ms buffers...");
            Run day = run(tmp.resolve("day"), dayRows);
            m.put("dayRows", dayRows);
            m.put("dbBytesPerDay", day.dbBytes());
            m.put("dbBytesPerRow", Math.round(day.dbBytes() / (double) dayRows * 10) / 10.0);
            m.put("dbBytesPer120Days", day.dbBytes() * 120);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Temporary files only.
            }
        }
        if (json) {
            System.out.println(Json.write(m));
        } else {
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            System.out.printf("| rows/s sustained, wall (batched, %,d rows, to the last commit) | %,d |%n", rows,
                    (Long) m.get("rowsPerWallSecond"));
            System.out.printf("| rows/s, wall, including the close's final checkpoint | %,d |%n",
                    (Long) m.get("rowsPerWallSecondWithClose"));
            System.out.printf("| rows per CPU-second of the store threads (writer, checkpointer) | %,d |%n", (Long) m.get("rowsPerWriterCpuSecond"));
            System.out.printf("| rows per CPU-second of the process (producer, writer, GC, JIT) | %,d |%n",
                    (Long) m.get("rowsPerProcessCpuSecond"));
            System.out.printf("| DB bytes per recorded day (100 ms buffers, %,d rows) | %,d |%n", dayRows,
                    (Long) m.get("dbBytesPerDay"));
            System.out.printf("| DB bytes per row | %.1f |%n", (Double) m.get("dbBytesPerRow"));
            System.out.printf("| DB bytes per 120-day deployment | %,d |%n", (Long) m.get("dbBytesPer120Days"));
        }
    }

    private static long perSecond(long rows, long ns) {
        return ns <= 0 ? 0 : Math.round(rows / (ns / 1e9));
    }

    /** Writes {@code rows} realistic buffer rows (100 ms, 48 kHz, NTP-stamped) and closes the store. */
    static Run run(Path dir, long rows) throws IOException {
        Files.createDirectories(dir);
        long t0 = 1_795_000_000_000_000_000L;
        long raw0 = 86_400_000_000_000L;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall0 = System.nanoTime();
        long cpu0 = processCpuNs();
        long producer0 = threads.getCurrentThreadCpuTime();
        long wallToCommit;
        long producerCpu;
        long writerCpu;
        long processCpu;
        TimestampStore store = TimestampStore.create(dir, new SessionInfo("bench", "sim", 8, 48_000, 24, 4800,
                "bench", "bench", "{}", true, t0, raw0, null, null, null));
        try {
            int flags = BufferStamp.withSyncState(0, BufferStamp.SyncState.NTP);
            for (long i = 0; i < rows; i++) {
                long jitter = (i * 7919) % 1_000_000;
                long mono = raw0 + i * 100_000_000L + 1_500_000 + jitter;
                long real = t0 + i * 100_002_100L + 1_500_000 + jitter;
                store.addBuffer(new BufferStamp(i, i * 4800, 4800, real, mono, real - 37_219L, null, flags));
            }
            producerCpu = threads.getCurrentThreadCpuTime() - producer0;
            store.flush();
            wallToCommit = System.nanoTime() - wall0;
            processCpu = processCpuNs() - cpu0;
            writerCpu = writerCpuNs(threads, dir);
        } finally {
            store.close();
        }
        long wallToClose = System.nanoTime() - wall0;
        return new Run(rows, wallToCommit, wallToClose, producerCpu, writerCpu, processCpu, dbBytes(dir));
    }

    /** session.db plus whatever WAL is left (the close checkpoints it into the file and truncates it). */
    private static long dbBytes(Path dir) throws IOException {
        Path wal = dir.resolve(TimestampStore.FILE_NAME + "-wal");
        return Files.size(dir.resolve(TimestampStore.FILE_NAME)) + (Files.exists(wal) ? Files.size(wal) : 0);
    }

    // The store's own threads: the writer and the checkpointer that makes its commits durable.
    private static long writerCpuNs(ThreadMXBean threads, Path dir) {
        String name = "timestamp-store " + dir.getFileName();
        String sync = "timestamp-store-sync " + dir.getFileName();
        long cpuNs = 0;
        boolean found = false;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().equals(name) || t.getThreadName().equals(sync))) {
                cpuNs += threads.getThreadCpuTime(t.getThreadId());
                found |= t.getThreadName().equals(name);
            }
        }
        if (!found) {
            throw new IllegalStateException("no writer thread '" + name + "'");
        }
        return cpuNs;
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
