package io.tidemark.app.bench;

import io.tidemark.common.Json;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceLostException;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.sync.sim.SimTimeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Capture figures: how fast the simulated device runs in simulated time, and how much CPU a reader
 * of the simulated device costs in real time, at 8 ch / 48 kHz / 24-bit with 100 ms buffers.
 * Run: {@code tidemark bench capture [--json] [--realtime-seconds N]}.
 */
public final class CaptureBenchmark {

    public static void main(String[] args) throws Exception {
        boolean json = List.of(args).contains("--json");
        int realtimeSeconds = 20;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--realtime-seconds")) {
                realtimeSeconds = Integer.parseInt(args[i + 1]);
            }
        }
        CaptureFormat format = new CaptureFormat(8, 48_000, 24);
        int bufferFrames = 4_800;
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(simulatedTime(format, bufferFrames, 3_600_000_000_000L));
        rows.add(realTime(format, bufferFrames, realtimeSeconds));
        if (json) {
            System.out.println(Json.write(rows));
        } else {
            System.out.printf("%-34s %14s %12s %14s%n", "benchmark", "audio (s)", "wall (s)", "result");
            for (Map<String, Object> r : rows) {
                System.out.printf("%-34s %14.0f %12.2f %14s%n", r.get("name"), r.get("audioSeconds"),
                        r.get("wallSeconds"), r.get("result"));
            }
        }
    }

    static Map<String, Object> simulatedTime(CaptureFormat format, int bufferFrames, long durationNs)
            throws DeviceLostException {
        SimTimeline timeline = new SimTimeline(1_795_176_000_000_000_000L);
        long end = timeline.nowNs() + durationNs;
        byte[] buf = new byte[bufferFrames * format.bytesPerFrame()];
        long t0 = System.nanoTime();
        long frames = 0;
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults().withRatePpm(20),
                format, bufferFrames, timeline, null); CaptureDevice device = opener.open()) {
            while (timeline.nowNs() < end) {
                frames += device.read(buf, bufferFrames);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double audio = frames / (double) format.sampleRateHz();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", "sim device, simulated time, " + format);
        r.put("audioSeconds", audio);
        r.put("wallSeconds", wall);
        r.put("speedup", audio / wall);
        r.put("nsPerBuffer", wall * 1e9 / (frames / bufferFrames));
        r.put("result", String.format("%.0f× real time", audio / wall));
        return r;
    }

    static Map<String, Object> realTime(CaptureFormat format, int bufferFrames, int seconds) throws DeviceLostException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] buf = new byte[bufferFrames * format.bytesPerFrame()];
        long frames = 0;
        long wall0;
        long cpu0;
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults(), format,
                bufferFrames, null, null); CaptureDevice device = opener.open()) {
            wall0 = System.nanoTime();
            cpu0 = threads.getCurrentThreadCpuTime();
            while (frames < (long) seconds * format.sampleRateHz()) {
                frames += device.read(buf, bufferFrames);
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", "sim device, real time, " + format);
        r.put("audioSeconds", frames / (double) format.sampleRateHz());
        r.put("wallSeconds", wall);
        r.put("cpuSeconds", cpu);
        r.put("cpuPercentOfOneCore", 100 * cpu / wall);
        r.put("result", String.format("%.3f %% of a core", 100 * cpu / wall));
        return r;
    }
}
