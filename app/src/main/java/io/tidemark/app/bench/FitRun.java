package io.tidemark.app.bench;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.common.Json;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured fit, in a JVM of its own so that its memory is the fit's alone: fits and stores the
 * model of the session given, then prints wall and CPU seconds, the peak heap in use (summed peaks of
 * the heap pools) and the peak resident set (VmHWM from /proc/self/status) as JSON, then the model's error
 * at the clicks of the session's truth.csv.
 */
public final class FitRun {

    private FitRun() {
    }

    public static void main(String[] args) throws Exception {
        Path session = Path.of(args[0]);
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long processCpu0 = processCpuNs();
        long t0 = System.nanoTime();
        TimeModel m = TimeModelStore.loadOrFit(session, true,
                n -> System.err.printf("fit: %,d buffers read (%.0f s)%n", n, (System.nanoTime() - t0) / 1e9));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
        double processCpuSeconds = (processCpuNs() - processCpu0) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("buffers", m.buffers());
        o.put("clockSegments", m.model().clockSegments().size());
        o.put("fitSeconds", seconds);
        o.put("fitCpuSeconds", cpuSeconds);
        o.put("fitProcessCpuSeconds", processCpuSeconds);
        o.put("peakHeapBytes", peakHeap);
        o.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        o.put("peakRssBytes", vmHwmBytes());
        o.putAll(clickErrors(session, m));
        System.out.println(Json.write(o));
    }

    /**
     * The model's error at the clicks of the session's truth.csv (sample index, true UTC ns), streamed:
     * RMS and max in µs, and the RMS claimed sigma there. Measured after the timed fit, outside its figures.
     */
    static Map<String, Object> clickErrors(Path session, TimeModel m) throws java.io.IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        Path truth = session.resolve("truth.csv");
        if (!Files.exists(truth)) {
            return o;
        }
        long clicks = 0;
        double sumSq = 0;
        double sumSigmaSq = 0;
        double max = 0;
        try (java.io.BufferedReader r = Files.newBufferedReader(truth)) {
            r.readLine(); // header
            for (String line; (line = r.readLine()) != null; ) {
                int comma = line.indexOf(',');
                long sample = Long.parseLong(line, 0, comma, 10);
                long trueUtcNs = Long.parseLong(line, comma + 1, line.length(), 10);
                double errorNs = m.model().utcNsAt(sample) - trueUtcNs;
                double sigmaNs = m.model().uncertaintyNsAt(sample);
                sumSq += errorNs * errorNs;
                sumSigmaSq += sigmaNs * sigmaNs;
                max = Math.max(max, Math.abs(errorNs));
                clicks++;
            }
        }
        o.put("clicks", clicks);
        o.put("clickErrorRmsUs", clicks == 0 ? 0 : Math.sqrt(sumSq / clicks) / 1e3);
        o.put("clickErrorMaxUs", max / 1e3);
        o.put("claimedSigmaRmsUs", clicks == 0 ? 0 : Math.sqrt(sumSigmaSq / clicks) / 1e3);
        return o;
    }

    /** CPU time of every thread of this JVM: the fit, the stamp readers, GC and JIT. */
    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long vmHwmBytes() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
