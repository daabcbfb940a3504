package io.tidemark.app.bench;

import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.analysis.model.ClockSegment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code tidemark bench export [--minutes 5] [--session-cache DIR] [--json]}: export throughput, MB of
 * output WAV per second, on a simulated 8-channel 24-bit 48 kHz session (built once into the cache),
 * exporting all of it but its first and last 2 s: plain (every channel, copied as recorded),
 * {@code --channels 1,8} and {@code --resample}; then, as the ceiling, the disk's own rate for writing
 * and syncing as many bytes as the plain export. The outputs are the benchmark's own and are deleted
 * afterwards. Target: ≥ 200 MB/s.
 */
public final class ExportBenchmark {

    private static final long EDGE_NS = 2_000_000_000L;

    /** One export to time: {@code key} names its figures in the JSON. */
    private record Run(String key, String flags, List<Integer> channels, boolean resample) {
    }

    private static final List<Run> RUNS = List.of(
            new Run("plain", "", null, false),
            new Run("channels", " --channels 1,8", List.of(1, 8), false),
            new Run("resampled", " --resample", null, true));


    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions("export", args, Map.of("minutes", 5.0));
        BenchSessions.Built session = BenchSessions.audio(o.sessionCache, o.number("minutes"));
        TimeModel m = TimeModelStore.loadOrFit(session.dir(), false, n -> { });
        List<ClockSegment> segs = m.model().clockSegments();
        long from = m.model().utcNsAt(segs.get(0).firstSample()) + EDGE_NS;
        long to = m.model().utcNsAt(segs.get(segs.size() - 1).endSample()) - EDGE_NS;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", session.dir().toString());
        f.put("sessionBuildSeconds", session.buildSeconds());
        List<String[]> rows = new ArrayList<>();
        long plainBytes = 0;
        for (Run run : RUNS) {
            Path out = o.sessionCache.resolve("export-bench-" + ProcessHandle.current().pid() + "-" + run.key() + ".wav");
            try {
                Exporter.Result r = Exporter.export(session.dir(), m, from, to, run.channels(), run.resample(), out,
                        x -> System.err.printf(Locale.ROOT, "bench: export %s %.0f %%%n", run.key(), x * 100));
                double mbPerS = r.bytes() / 1e6 / r.seconds();
                plainBytes = Math.max(plainBytes, r.bytes());
                f.put(run.key() + ".bytes", r.bytes());
                f.put(run.key() + ".seconds", r.seconds());
                f.put(run.key() + ".megabytesPerSecond", mbPerS);
                rows.add(new String[]{"export" + run.flags() + String.format(Locale.ROOT,
                        " (%.0f MB out, %.1f s)", r.bytes() / 1e6, r.seconds()),
                        String.format(Locale.ROOT, "%.0f MB/s", mbPerS), "≥ 200 MB/s"});
            } finally {
                Files.deleteIfExists(out);
            }
        }
        double diskMbPerS = diskWriteMegabytesPerSecond(o.sessionCache, plainBytes);
        f.put("diskWriteMegabytesPerSecond", diskMbPerS);
        rows.add(new String[]{String.format(Locale.ROOT, "ceiling: writing %.0f MB to this disk and syncing it",
                plainBytes / 1e6), String.format(Locale.ROOT, "%.0f MB/s", diskMbPerS)});
        f.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        rows.add(new String[]{"load average", String.format(Locale.ROOT, "%.1f", (Double) f.get("loadAverage"))});
        o.print("tidemark bench export (8 ch, 24-bit, 48 kHz)", rows, f);
    }

    /**
     * What the disk allows an export: {@code bytes} written to a new file in 8 MB blocks from memory and
     * synced, as the exporter's close syncs its output. The file is deleted afterwards.
     */
    static double diskWriteMegabytesPerSecond(Path dir, long bytes) throws IOException {
        Path file = dir.resolve("disk-bench-" + ProcessHandle.current().pid() + ".bin");
        byte[] noise = new byte[8 << 20]; // not zeros, which a storage layer might not write at all
        new SplittableRandom(1).nextBytes(noise);
        ByteBuffer block = ByteBuffer.allocateDirect(noise.length).put(noise);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long t0 = System.nanoTime();
            for (long done = 0; done < bytes; ) {
                block.clear().limit((int) Math.min(block.capacity(), bytes - done));
                done += ch.write(block, done);
            }
            ch.force(true);
            return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
