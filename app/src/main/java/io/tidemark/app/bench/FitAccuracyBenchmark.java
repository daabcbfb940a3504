package io.tidemark.app.bench;

import io.tidemark.analysis.model.ModelAccuracy;
import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy (and fit cost) of the sample→UTC model against ground truth at the click samples, for the
 * lower envelope, least squares and raw arrival times, across the scenarios. Runnable:
 * {@code tidemark bench fit-accuracy [--json] [--hours H] [--long-days D] [--only TEXT] [--seed N]} (see docs/analysis.md).
 * With {@code --mode recorder} each scenario is recorded through the recorder's simulated-time path and the stored
 * model is fitted ({@link RecorderAccuracy}): the figure users get. The default, {@code --mode synthetic}, feeds the
 * fitter synthetic stamp series, for sweeps. {@code --mode reference} measures absolute UTC with a reference
 * channel and with a calibration ({@link ReferenceAccuracyBenchmark}).
 */
public final class FitAccuracyBenchmark {

    private static final long HOUR = 3_600_000_000_000L;

    public static void main(String[] args) throws Exception {
        boolean json = false;
        double hours = 2;
        double longDays = 0;
        String only = null;
        long seed = 1;
        String mode = "synthetic";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--json" -> json = true;
                case "--hours" -> hours = Double.parseDouble(args[++i]);
                case "--long-days" -> longDays = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (mode.equals("recorder")) {
            recorderMode(json, hours, only, seed);
            return;
        }
        if (mode.equals("reference")) {
            ReferenceAccuracyBenchmark.run(json, only, seed);
            return;
        }
        if (!mode.equals("synthetic")) {
            throw new IllegalArgumentException("--mode " + mode + ": use synthetic, recorder or reference");
        }
        long d = Math.round(hours * HOUR);
        List<Scenario> scenarios = new ArrayList<>(List.of(
                Scenario.base("1 ms exponential latency", d),
                Scenario.base("5 ms exponential latency", d).latency(5_000_000),
                Scenario.base("0.1 % outliers of 50 ms", d).outliers(0.001, 50_000_000),
                Scenario.base("drift 2 ppm + wander", d).device(2, 0.05),
                Scenario.base("drift 20 ppm + wander", d).device(20, 0.05),
                Scenario.base("drift 100 ppm + wander", d).device(100, 0.05),
                Scenario.base("NTP jitter 100 us", d).ntp(16_000_000_000L, NetworkPath.of(100_000, 100_000)),
                Scenario.base("system clock 40 ms off, 25 ppm", d).systemClock(40_000_000, 25),
                Scenario.base("dropouts (3)", d).dropouts(List.of(new long[]{d / 4, 2}, new long[]{d / 2, 5},
                        new long[]{3 * d / 4, 1}))));
        for (long latUs : new long[]{100, 300, 1000, 3000, 10000}) {
            scenarios.add(Scenario.base("latency sweep " + latUs + " us", d).latency(latUs * 1000));
        }
        if (longDays > 0) {
            // Long sessions use 100 ms buffers (4800 frames) so 120 days stay ~10^8 stamps.
            scenarios.add(Scenario.base(String.format(Locale.ROOT, "%.0f-day session", longDays),
                    Math.round(longDays * 24 * HOUR)).buffer(4800).device(20, 0.02));
        }
        if (only != null) {
            String part = only;
            scenarios.removeIf(s -> !s.name().contains(part));
        }
        long seedAll = seed;
        scenarios.replaceAll(s -> s.seed(seedAll));
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!json) {
            System.out.printf("%-34s %9s %9s %9s %9s %9s %9s %8s %6s %6s %8s %8s %8s %8s %8s %8s %9s %5s%n", "scenario",
                    "LE rms us", "LE max us", "LS rms us", "LS max us", "raw rms", "raw max", "sigma us", "rms/sg",
                    "in 1sg", "clk rms", "clk mean", "clk sg", "utc rms", "utc mean", "utc sg", "fit cpu s", "segs");
        }
        for (Scenario s : scenarios) {
            long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            ModelAccuracy.Result r = ModelAccuracy.run(s, s.durationNs() > 24 * HOUR ? 60 : 1);
            double cpuS = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
            var le = r.of("lower-envelope");
            var ls = r.of("least-squares");
            var raw = r.of("raw-arrival");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", s.name());
            row.put("durationHours", s.durationNs() / (double) HOUR);
            row.put("buffers", r.buffers());
            row.put("ntpSamples", r.ntpSamples());
            row.put("clicks", le.clicks());
            for (var e : r.errors()) {
                row.put(e.method() + ".rmsUs", e.rmsUs());
                row.put(e.method() + ".maxUs", e.maxUs());
                row.put(e.method() + ".meanUs", e.meanUs());
            }
            row.put("meanUncertaintyUs", r.meanUncertaintyUs());
            var cov = r.coverage();
            row.put("rmsUncertaintyUs", cov.rmsSigmaUs());
            row.put("rmsErrorOverClaimedSigma", cov.ratio());
            row.put("shareWithinClaimedSigma", cov.withinSigma());
            row.put("sampleToRaw.rmsUs", cov.clockRmsUs());
            row.put("sampleToRaw.meanUs", cov.clockMeanUs());
            row.put("sampleToRaw.sigmaUs", cov.clockSigmaUs());
            row.put("rawToUtc.rmsUs", cov.utcRmsUs());
            row.put("rawToUtc.meanUs", cov.utcMeanUs());
            row.put("rawToUtc.sigmaUs", cov.utcSigmaUs());
            row.put("lowerEnvelopeFitSeconds", r.fitSeconds());
            row.put("generateAndFitCpuSeconds", cpuS);
            row.put("wallSeconds", (System.nanoTime() - wall0) / 1e9);
            row.put("segments", r.model().clockSegments().size());
            rows.add(row);
            if (!json) {
                System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.1f %9.1f %9.1f %9.1f %8.2f %6.2f %6.2f %8.2f %8.2f %8.2f"
                                + " %8.2f %8.2f %8.2f %9.1f %5d%n", s.name(), le.rmsUs(), le.maxUs(), ls.rmsUs(), ls.maxUs(),
                        raw.rmsUs(), raw.maxUs(), cov.rmsSigmaUs(), cov.ratio(), cov.withinSigma(), cov.clockRmsUs(),
                        cov.clockMeanUs(), cov.clockSigmaUs(), cov.utcRmsUs(), cov.utcMeanUs(), cov.utcSigmaUs(), cpuS, r.model().clockSegments().size());
                System.out.flush();
            }
        }
        if (json) {
            System.out.println(toJson(rows));
        }
    }

    /** The target through the recorder (issue 16): RMS and max after the fixed input latency is removed. */
    static final double TARGET_RMS_US = 5;
    static final double TARGET_MAX_US = 20;
    /** The claimed sigma is honest when the measured RMS error over it lies here. */
    static final double RATIO_LOW = 0.7;
    static final double RATIO_HIGH = 1.5;

    /** The scenarios of issue 16 through the recorder: latency 0.3-5 ms, NTP jitter 50-200 µs, ±100 ppm, clocks. */
    static List<RecorderAccuracy.Scenario> recorderScenarios(double hours) {
        RecorderAccuracy.Scenario b = RecorderAccuracy.Scenario.base("", hours);
        return List.of(
                named(b, "1 ms latency, 100 us NTP jitter"),
                named(b.latency(0.3), "0.3 ms latency"),
                named(b.latency(3), "3 ms latency"),
                named(b.latency(5), "5 ms latency"),
                named(b.ntpJitter(50), "NTP jitter 50 us"),
                named(b.ntpJitter(200), "NTP jitter 200 us"),
                named(b.device(100, 0.1), "device +100 ppm, wander 0.1 ppm/sqrt h"),
                named(b.device(-100, 0.1), "device -100 ppm, wander 0.1 ppm/sqrt h"),
                named(b.systemClock(-40, -25, false), "system clock -40 ms, -25 ppm"),
                named(b.systemClock(40, 25, true), "system clock 40 ms, 25 ppm, slewed"),
                named(b.latency(5).ntpJitter(200).device(100, 0.1).systemClock(40, 25, true),
                        "worst: 5 ms, 200 us, +100 ppm, slewed"));
    }

    private static RecorderAccuracy.Scenario named(RecorderAccuracy.Scenario s, String name) {
        return new RecorderAccuracy.Scenario(name, s.hours(), s.latencyMs(), s.ntpJitterUs(), s.devicePpm(), s.wander(),
                s.sysOffsetMs(), s.sysPpm(), s.slewed(), s.seed());
    }

    private static void recorderMode(boolean json, double hours, String only, long seed) throws Exception {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("tidemark-fit-accuracy-");
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            if (!json) {
                System.out.println(RecorderAccuracy.Result.header());
            }
            for (RecorderAccuracy.Scenario s : recorderScenarios(hours)) {
                if (only != null && !s.name().contains(only)) {
                    continue;
                }
                System.err.printf("bench: recording %s (%.1f h simulated)%n", s.name(), s.hours());
                RecorderAccuracy.Result r = RecorderAccuracy.run(s.seed(seed), tmp.resolve("s" + rows.size()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("scenario", s.name());
                row.put("mode", "recorder");
                row.put("durationHours", s.hours());
                row.put("clicks", r.clicks());
                row.put("ntpSamples", r.ntpSamples());
                row.put("rmsUs", r.rmsUs());
                row.put("maxUs", r.maxUs());
                row.put("meanUs", r.meanUs());
                row.put("claimedSigmaRmsUs", r.claimedSigmaRmsUs());
                row.put("rmsErrorOverClaimedSigma", r.ratio());
                row.put("inputLatencyRemovedNs", r.inputLatencyNs());
                row.put("meetsTarget", r.rmsUs() <= TARGET_RMS_US && r.maxUs() <= TARGET_MAX_US
                        && r.ratio() >= RATIO_LOW && r.ratio() <= RATIO_HIGH);
                row.put("recordSeconds", r.recordSeconds());
                row.put("fitSeconds", r.fitSeconds());
                rows.add(row);
                if (!json) {
                    System.out.println(r.row() + ((Boolean) row.get("meetsTarget") ? "" : "  MISSES TARGET"));
                    System.out.flush();
                }
            }
        } finally {
            BenchSessions.deleteTree(tmp);
        }
        if (json) {
            System.out.println(toJson(rows));
        } else {
            System.out.printf(Locale.ROOT, "target: RMS <= %.0f us, max <= %.0f us, RMS/sigma in [%.1f, %.1f];"
                    + " errors after removing the simulator's fixed input latency%n", TARGET_RMS_US, TARGET_MAX_US,
                    RATIO_LOW, RATIO_HIGH);
        }
    }

    static String toJson(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append("  {");
            int j = 0;
            for (var e : rows.get(i).entrySet()) {
                sb.append(j++ > 0 ? ", " : "").append('"').append(e.getKey()).append("\": ");
                Object v = e.getValue();
                sb.append(v instanceof String str ? '"' + str + '"' : String.valueOf(v));
            }
            sb.append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        return sb.append("]").toString();
    }
}
