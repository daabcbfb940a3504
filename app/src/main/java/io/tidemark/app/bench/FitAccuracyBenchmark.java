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
 */
public final class FitAccuracyBenchmark {

    private static final long HOUR = 3_600_000_000_000L;

    public static void main(String[] args) {
        boolean json = false;
        double hours = 2;
        double longDays = 0;
        String only = null;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--hours" -> hours = Double.parseDouble(args[++i]);
                case "--long-days" -> longDays = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
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

    private static String toJson(List<Map<String, Object>> rows) {
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
