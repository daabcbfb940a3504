package io.tidemark.recorder.store;

import io.tidemark.recorder.stamp.BufferStamp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark of the timestamp store: rows per second sustained through the batched writer (queue →
 * one transaction per batch → commit), and database bytes per recorded day at 100 ms buffers
 * (864,000 rows). Prints a table, or JSON with {@code --json}. Run:
 * {@code java -cp "installer/target/app/lib/*" io.tidemark.recorder.store.StoreBenchmark [--json] [--rows N]}
 */
public final class StoreBenchmark {

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        long rows = 2_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--rows")) {
                rows = Long.parseLong(args[++i]);
            }
        }
        Path tmp = Files.createTempDirectory("tidemark-store-bench");
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            // Warm-up, then the measured run.
            run(tmp.resolve("warm"), 200_000);
            long t0 = System.nanoTime();
            run(tmp.resolve("rate"), rows);
            double seconds = (System.nanoTime() - t0) / 1e9;
            m.put("rows", rows);
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("rowsPerSecond", Math.round(rows / seconds));
            long dayRows = 864_000;
            Path day = tmp.resolve("day");
            run(day, dayRows);
            long bytes = Files.size(day.resolve(TimestampStore.FILE_NAME));
            m.put("dayRows", dayRows);
            m.put("dbBytesPerDay", bytes);
            m.put("dbBytesPerRow", Math.round(bytes / (double) dayRows * 10) / 10.0);
            m.put("dbBytesPer120Days", bytes * 120);
            if (json) {
                System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(m));
            } else {
                System.out.println("| figure | value |");
                System.out.println("|---|---|");
                System.out.printf("| rows/s sustained (batched, %d rows) | %,d |%n", rows, (Long) m.get("rowsPerSecond"));
                System.out.printf("| DB bytes per recorded day (100 ms buffers, %d rows) | %,d |%n", dayRows, bytes);
                System.out.printf("| DB bytes per row | %.1f |%n", (Double) m.get("dbBytesPerRow"));
                System.out.printf("| DB bytes per 120-day deployment | %,d |%n", bytes * 120);
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Temporary files only.
            }
        }
    }

    /** Writes {@code rows} realistic buffer rows (100 ms, 48 kHz, NTP-stamped) and closes the store. */
    static void run(Path dir, long rows) throws IOException {
        Files.createDirectories(dir);
        long t0 = 1_795_000_000_000_000_000L;
        long raw0 = 86_400_000_000_000L;
        try (TimestampStore store = TimestampStore.create(dir, new SessionInfo("bench", "sim", 8, 48_000, 24, 4800,
                "bench", "bench", "{}", true, t0, raw0, null, null, null))) {
            int flags = BufferStamp.withSyncState(0, BufferStamp.SyncState.NTP);
            for (long i = 0; i < rows; i++) {
                long jitter = (i * 7919) % 1_000_000;
                long mono = raw0 + i * 100_000_000L + 1_500_000 + jitter;
                long real = t0 + i * 100_002_100L + 1_500_000 + jitter;
                store.addBuffer(new BufferStamp(i, i * 4800, 4800, real, mono, real - 37_219L, null, flags));
            }
        }
    }
}
