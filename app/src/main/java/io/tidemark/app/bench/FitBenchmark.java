package io.tidemark.app.bench;

import io.tidemark.common.Json;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tidemark bench fit [--days 120] [--heap-mb 1024] [--session-cache DIR] [--json]}: fits the
 * time model of a simulated session of that many days (100 ms buffers; built once into the cache
 * through the recorder's store, its build time reported apart) in a child JVM limited to that heap,
 * and reports wall and CPU time, peak heap and peak RSS, then (untimed) the model's error at the clicks of the
 * session's truth.csv. Targets: < 60 s, < 1 GB.
 */
public final class FitBenchmark {


    public static void main(String[] args) throws Exception {
        BenchOptions o = new BenchOptions("fit", args, Map.of("days", 120.0, "heap-mb", 1024.0));
        BenchSessions.Built session = BenchSessions.timing(o.sessionCache, o.number("days"));
        Map<String, Object> fit = runFitJvm(session.dir(), (long) o.number("heap-mb"));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("session", session.dir().toString());
        f.put("days", o.number("days"));
        f.put("sessionBuildSeconds", session.buildSeconds());
        f.put("heapLimitMb", (long) o.number("heap-mb"));
        f.putAll(fit);
        f.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"session", String.format(Locale.ROOT, "%.0f days, %,d buffers", o.number("days"),
                ((Number) fit.get("buffers")).longValue())});
        rows.add(new String[]{"session build (once, cached)", session.buildSeconds() == 0 ? "cached"
                : String.format(Locale.ROOT, "%.1f s", session.buildSeconds())});
        rows.add(new String[]{"fit wall time", String.format(Locale.ROOT, "%.1f s", (Double) fit.get("fitSeconds")), "< 60 s"});
        rows.add(new String[]{"fit CPU time: fitting thread / whole process (stamp readers, GC, JIT)", String.format(Locale.ROOT,
                "%.1f / %.1f s", (Double) fit.get("fitCpuSeconds"), (Double) fit.get("fitProcessCpuSeconds"))});
        rows.add(new String[]{"peak heap in use (-Xmx" + (long) o.number("heap-mb") + "m)",
                mb(fit.get("peakHeapBytes")), "< 1 GB"});
        rows.add(new String[]{"peak RSS (VmHWM)", mb(fit.get("peakRssBytes")), "< 1 GB"});
        rows.add(new String[]{"clock segments", String.valueOf(fit.get("clockSegments"))});
        if (fit.containsKey("clicks")) {
            rows.add(new String[]{"error at the clicks of truth.csv, RMS / max", String.format(Locale.ROOT,
                    "%.2f / %.2f µs (%,d clicks; claimed sigma RMS %.2f µs)", (Double) fit.get("clickErrorRmsUs"),
                    (Double) fit.get("clickErrorMaxUs"), ((Number) fit.get("clicks")).longValue(),
                    (Double) fit.get("claimedSigmaRmsUs"))});
        }
        rows.add(new String[]{"load average", String.format(Locale.ROOT, "%.1f", (Double) f.get("loadAverage"))});
        o.print("tidemark bench fit", rows, f);
    }

    private static String mb(Object bytes) {
        return String.format(Locale.ROOT, "%.0f MB", ((Number) bytes).doubleValue() / 1e6);
    }

    /** Runs {@link FitRun} in a JVM with the given heap; its progress goes to our stderr. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runFitJvm(Path session, long heapMb) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"),
                FitRun.class.getName(), session.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException("the fit JVM failed (exit " + code + "): " + out);
        }
        return Json.MAPPER.readValue(out, LinkedHashMap.class); // its progress went to stderr
    }
}
