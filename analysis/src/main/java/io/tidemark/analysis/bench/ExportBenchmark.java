package io.tidemark.analysis.bench;

import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.cli.TidemarkBenchmark;
import io.tidemark.sync.model.ClockSegment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tidemark bench export [--minutes 5] [--session-cache DIR] [--json]}: export throughput, MB of
 * output WAV per second, on a simulated 8-channel 24-bit 48 kHz session (built once into the cache),
 * exporting all of it but its first and last 2 s, without and with {@code --resample}. The outputs
 * are the benchmark's own and are deleted afterwards. Target: ≥ 200 MB/s.
 */
public final class ExportBenchmark implements TidemarkBenchmark {

    private static final long EDGE_NS = 2_000_000_000L;

    @Override
    public String name() {
        return "export";
    }

    @Override
    public void run(String[] args) throws Exception {
        BenchOptions o = new BenchOptions(name(), args, Map.of("minutes", 5.0));
        BenchSessions.Built session = BenchSessions.audio(o.sessionCache, o.number("minutes"));
        TimeModel m = TimeModelStore.loadOrFit(session.dir(), false, n -> { });
        List<ClockSegment> segs = m.model().clockSegments();
        long from = m.model().utcNsAt(segs.get(0).firstSample()) + EDGE_NS;
        long to = m.model().utcNsAt(segs.get(segs.size() - 1).endSample()) - EDGE_NS;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", session.dir().toString());
        f.put("sessionBuildSeconds", session.buildSeconds());
        List<String[]> rows = new ArrayList<>();
        for (boolean resample : new boolean[]{false, true}) {
            Path out = o.sessionCache.resolve("export-bench-" + ProcessHandle.current().pid() + (resample ? "-resampled" : "") + ".wav");
            try {
                Exporter.Result r = Exporter.export(session.dir(), m, from, to, null, resample, out,
                        x -> System.err.printf(Locale.ROOT, "bench: export%s %.0f %%%n", resample ? " --resample" : "", x * 100));
                double mbPerS = r.bytes() / 1e6 / r.seconds();
                String key = resample ? "resampled" : "plain";
                f.put(key + ".bytes", r.bytes());
                f.put(key + ".seconds", r.seconds());
                f.put(key + ".megabytesPerSecond", mbPerS);
                rows.add(new String[]{"export" + (resample ? " --resample" : "") + String.format(Locale.ROOT,
                        " (%.0f MB out, %.1f s)", r.bytes() / 1e6, r.seconds()),
                        String.format(Locale.ROOT, "%.0f MB/s", mbPerS), "≥ 200 MB/s"});
            } finally {
                Files.deleteIfExists(out);
            }
        }
        f.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        rows.add(new String[]{"load average", String.format(Locale.ROOT, "%.1f", (Double) f.get("loadAverage"))});
        o.print("tidemark bench export (8 ch, 24-bit, 48 kHz)", rows, f);
    }
}
