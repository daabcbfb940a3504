package io.tidemark.analysis.bench;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.cli.Json;

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
 * the heap pools) and the peak resident set (VmHWM from /proc/self/status) as JSON.
 */
public final class FitRun {

    private FitRun() {
    }

    public static void main(String[] args) throws Exception {
        Path session = Path.of(args[0]);
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        TimeModel m = TimeModelStore.loadOrFit(session, true,
                n -> System.err.printf("fit: %,d buffers read (%.0f s)%n", n, (System.nanoTime() - t0) / 1e9));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
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
        o.put("peakHeapBytes", peakHeap);
        o.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        o.put("peakRssBytes", vmHwmBytes());
        System.out.println(Json.write(o));
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
