package io.tidemark.app.bench;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.common.Json;
import io.tidemark.app.cli.CommandLines;
import io.tidemark.app.command.QueryCommand;
import io.tidemark.common.UtcNanos;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code tidemark bench query [--days 120] [--queries 200] [--session-cache DIR] [--json]}: the latency
 * of {@code tidemark query SESSION --sample N --json} on a simulated session with a stored model,
 * run in this JVM (so without JVM start: parsing, opening the database, reading the stored model,
 * answering, printing), at random samples; median, p99 and max; the same for {@code --utc T} at
 * random instants and for {@code --summary}. One cold run of the CLI as a process is shown for
 * context. Target: < 10 ms without JVM start.
 */
public final class QueryBenchmark {


    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions("query", args, Map.of("days", 120.0, "queries", 200.0));
        BenchSessions.Built session = BenchSessions.timing(o.sessionCache, o.number("days"));
        Path dir = session.dir();
        TimeModel m = TimeModelStore.loadOrFit(dir, false,
                n -> System.err.printf("bench: fitting the model once: %,d buffers read%n", n));
        long frames = m.model().clockSegments().get(m.model().clockSegments().size() - 1).endSample();
        int queries = (int) o.number("queries");
        SplittableRandom random = new SplittableRandom(1);
        PrintStream stdout = System.out;
        double[] ms;
        double[] utcMs;
        double[] summaryMs;
        double firstMs;
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            long t = System.nanoTime();
            query(dir, "--sample", Long.toString(random.nextLong(frames)));
            firstMs = (System.nanoTime() - t) / 1e6;
            ms = time(queries, () -> new String[]{"--sample", Long.toString(random.nextLong(frames))}, dir);
            utcMs = time(queries, () -> new String[]{"--utc",
                    UtcNanos.toInstant(m.model().utcNsAt(random.nextLong(frames))).toString()}, dir);
            summaryMs = time(queries, () -> new String[]{"--summary"}, dir);
        } finally {
            System.setOut(stdout);
        }
        double median = ms[queries / 2];
        double p99 = p99(ms);
        Map<String, Object> cold = coldCli(dir, frames / 2);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", dir.toString());
        f.put("days", o.number("days"));
        f.put("buffers", m.buffers());
        f.put("queries", queries);
        f.put("firstInProcessMs", firstMs);
        f.put("medianMs", median);
        f.put("p99Ms", p99);
        f.put("maxMs", ms[queries - 1]);
        f.put("utcMedianMs", utcMs[queries / 2]);
        f.put("utcP99Ms", p99(utcMs));
        f.put("summaryMedianMs", summaryMs[queries / 2]);
        f.put("summaryP99Ms", p99(summaryMs));
        f.putAll(cold);
        f.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"session", String.format(Locale.ROOT, "%.0f days, %,d buffers", o.number("days"), m.buffers())});
        rows.add(new String[]{"query --sample, in process: median", fmt(median), "< 10 ms"});
        rows.add(new String[]{"p99 / max (" + queries + " queries)", fmt(p99) + " / " + fmt(ms[queries - 1])});
        rows.add(new String[]{"query --utc, in process: median / p99", fmt(utcMs[queries / 2]) + " / " + fmt(p99(utcMs)),
                "< 10 ms"});
        rows.add(new String[]{"query --summary, in process: median / p99",
                fmt(summaryMs[queries / 2]) + " / " + fmt(p99(summaryMs)), "< 10 ms"});
        rows.add(new String[]{"first query in this JVM (classes loading)", fmt(firstMs)});
        rows.add(new String[]{"cold CLI process, wall (with JVM start)", fmt((Double) cold.get("coldCliWallMs"))});
        rows.add(new String[]{"cold CLI process, its own elapsedMs", fmt(((Number) cold.get("coldCliElapsedMs")).doubleValue())});
        rows.add(new String[]{"load average", String.format(Locale.ROOT, "%.1f", (Double) f.get("loadAverage"))});
        o.print("tidemark bench query", rows, f);
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

    /** Milliseconds of each of {@code queries} runs (after 20 unmeasured ones), sorted. */
    private static double[] time(int queries, java.util.function.Supplier<String[]> form, Path dir) {
        for (int i = 0; i < 20; i++) {
            query(dir, form.get());
        }
        double[] ms = new double[queries];
        for (int i = 0; i < queries; i++) {
            String[] args = form.get();
            long t0 = System.nanoTime();
            query(dir, args);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double p99(double[] sortedMs) {
        return sortedMs[Math.min(sortedMs.length - 1, (int) Math.ceil(sortedMs.length * 0.99) - 1)];
    }

    private static void query(Path dir, String... form) {
        String[] args = new String[form.length + 2];
        args[0] = dir.toString();
        System.arraycopy(form, 0, args, 1, form.length);
        args[args.length - 1] = "--json";
        int code = CommandLines.of(new QueryCommand()).execute(args);
        if (code != 0) {
            throw new IllegalStateException("tidemark query " + String.join(" ", form) + " failed with exit code " + code);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> coldCli(Path dir, long sample) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CommandLines.MAIN_CLASS, "query", dir.toString(), "--sample", Long.toString(sample), "--json");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        double wallMs = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IllegalStateException("tidemark query as a process failed (exit " + code + "): " + out);
        }
        Map<String, Object> answer = Json.MAPPER.readValue(out, LinkedHashMap.class);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("coldCliWallMs", wallMs);
        r.put("coldCliElapsedMs", answer.get("elapsedMs"));
        return r;
    }
}
