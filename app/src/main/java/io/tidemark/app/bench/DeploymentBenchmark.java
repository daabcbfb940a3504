package io.tidemark.app.bench;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.cli.CommandLines;
import io.tidemark.app.command.QueryCommand;
import io.tidemark.app.command.SummaryCommand;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.sim.TimingSessionWriter;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code tidemark bench deployment [--days 120] [--queries 1000000] [--session-cache DIR] [--json]}: a
 * deployment of one-day timing-only sessions (1-s buffers, 30 s apart: a gap between each), built once
 * into the cache with their models fitted; then {@code query DEPLOYMENT --utc-from FILE --csv} of
 * random instants (some in gaps) in this JVM (target < 5 s for 10^6), and {@code summary --html}
 * (target < 60 s for 120 days).
 */
public final class DeploymentBenchmark {

    private static final long DAY_NS = 86_400_000_000_000L;
    private static final long GAP_NS = 30_000_000_000L;

    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions("deployment", args, Map.of("days", 120.0, "queries", 1_000_000.0));
        int days = (int) o.number("days");
        long t0 = System.nanoTime();
        Path dir = build(o.sessionCache, days);
        double buildS = (System.nanoTime() - t0) / 1e9;
        Deployment d = Deployment.open(dir, n -> { });
        int queries = (int) o.number("queries");
        Path in = Files.createTempFile("tidemark-bench-instants", ".txt");
        SplittableRandom random = new SplittableRandom(1);
        long first = d.sessions().get(0).firstUtcNs();
        long span = d.sessions().get(d.sessions().size() - 1).endUtcNs() - first;
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            for (int i = 0; i < queries; i++) {
                w.write(UtcNanos.toInstant(first + random.nextLong(span)).toString());
                w.newLine();
            }
        }
        PrintStream stdout = System.out;
        double queryS;
        double htmlS;
        Path html = Files.createTempDirectory("tidemark-bench-summary");
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            long q0 = System.nanoTime();
            int code = CommandLines.of(new QueryCommand()).execute(dir.toString(), "--utc-from", in.toString(), "--csv");
            queryS = (System.nanoTime() - q0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException("query --utc-from failed with exit code " + code);
            }
            long h0 = System.nanoTime();
            code = CommandLines.of(new SummaryCommand()).execute(dir.toString(), "--html", html.resolve("out").toString());
            htmlS = (System.nanoTime() - h0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException("summary --html failed with exit code " + code);
            }
        } finally {
            System.setOut(stdout);
            Files.deleteIfExists(in);
            BenchSessions.deleteTree(html);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("deployment", dir.toString());
        f.put("days", days);
        f.put("sessions", d.sessions().size());
        f.put("buildOrOpenSeconds", buildS);
        f.put("queries", queries);
        f.put("batchQuerySeconds", queryS);
        f.put("summaryHtmlSeconds", htmlS);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"deployment", days + " one-day sessions, 1-s buffers, 30-s gaps"});
        rows.add(new String[]{"build (first run) / open", String.format(Locale.ROOT, "%.1f s", buildS)});
        rows.add(new String[]{"query --utc-from, " + queries + " instants, CSV", String.format(Locale.ROOT, "%.2f s", queryS),
                "< 5 s for 10^6"});
        rows.add(new String[]{"summary --html", String.format(Locale.ROOT, "%.2f s", htmlS), "< 60 s for 120 days"});
        o.print("tidemark bench deployment", rows, f);
    }

    /** The cached deployment, built once (sessions with their models fitted), under a partial name until complete. */
    private static Path build(Path cache, int days) throws IOException {
        Path dir = cache.resolve("deployment-" + days + "d-1s");
        if (Files.isDirectory(dir)) {
            System.err.println("bench: using the cached deployment " + dir);
            return dir;
        }
        Path partial = cache.resolve(dir.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Files.createDirectories(partial);
        try {
            Scenario base = Scenario.base("deployment", DAY_NS).buffer(48_000);
            for (int i = 0; i < days; i++) {
                Scenario s = new Scenario(base.name(), Scenario.START + i * (DAY_NS + GAP_NS), base.durationNs(),
                        base.sampleRateHz(), base.bufferFrames(), base.deviceRatePpm(), base.deviceWanderPpmPerSqrtHour(),
                        base.latencyMeanNs(), base.outlierProbability(), base.outlierNs(), base.systemOffsetNs(),
                        base.systemRatePpm(), base.systemWanderPpmPerSqrtHour(), base.ntpPollNs(), base.ntpPath(),
                        base.dropouts(), base.stepAtNs(), base.stepNs(), base.freqAdjAtNs(), base.freqAdjPpm(),
                        base.serverChangeAtNs(), i + 1);
                Path session = partial.resolve(String.format("session-%03d", i));
                TimingSessionWriter.write(session, s, n -> { });
                TimeModelStore.loadOrFit(session, false, n -> { });
                System.err.printf(Locale.ROOT, "bench: deployment day %d of %d written and fitted%n", i + 1, days);
            }
            Files.move(partial, dir);
        } catch (IOException | RuntimeException | java.sql.SQLException e) {
            BenchSessions.deleteTree(partial);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return dir;
    }
}
