package io.tidemark.app.bench;

import io.tidemark.app.station.api.ApiSettings;
import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.ControlApi;
import io.tidemark.app.station.api.StationEvent;
import io.tidemark.app.station.api.StationStatus;
import io.tidemark.app.station.api.StationView;
import io.tidemark.common.Json;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desktop app's cost: the app's CPU on the Live view with 8 meters at 20 frames/s (target under
 * 5 % of one core), and the station's CPU serving the control API with the app connected against
 * without it (target under 0.5 % added). The station here is this JVM serving ControlApi over a
 * fixed 8-channel view; the app is {@code tidemark app --snapshot} in a JVM of its own, measured from
 * /proc. Needs a display: run under {@code xvfb-run -a}.
 *
 * <pre>xvfb-run -a tidemark bench desktop-cpu [--seconds 20] [--json]</pre>
 */
public final class DesktopCpuBenchmark {

    private DesktopCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        long seconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: desktop-cpu [--seconds N] [--json]");
                    System.exit(2);
                }
            }
        }
        if (System.getenv("DISPLAY") == null) {
            System.err.println("tidemark: desktop-cpu needs a display; run it under xvfb-run -a");
            System.exit(2);
        }
        Map<String, Object> r = run(seconds);
        if (json) {
            System.out.println(Json.write(r));
        } else {
            System.out.printf("%-40s %s%n", "figure", "value");
            r.forEach((k, v) -> System.out.printf("%-40s %s%n", k, v));
        }
    }

    static Map<String, Object> run(long seconds) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ControlApi api = ControlApi.start(ApiSettings.loopback(0), new EightChannels());
        Path png = Files.createTempFile("tidemark-desktop-bench-", ".png");
        try {
            Thread.sleep(2_000);
            double stationAlonePct = cpuPercent(os, seconds);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.tidemark.app.Tidemark", "app", // by name: bench must not depend on app's root (no package cycle)
                    "--station", "http://127.0.0.1:" + api.address().getPort(),
                    "--snapshot", png.toString(), "--after", (2 * seconds + 10) + "s"));
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Thread.sleep(8_000); // JVM start, JIT warm-up, first frames
                long appTicks0 = ticks(app.pid());
                double stationWithAppPct = cpuPercent(os, seconds);
                long appTicks1 = ticks(app.pid());
                double appPct = 100.0 * (appTicks1 - appTicks0) / 100.0 / seconds; // /proc ticks are 1/100 s
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("seconds", seconds);
                r.put("appCpuPercentOfOneCore", round(appPct));
                r.put("appTargetPercent", 5.0);
                r.put("stationCpuPercentAlone", round(stationAlonePct));
                r.put("stationCpuPercentWithApp", round(stationWithAppPct));
                r.put("stationAddedPercent", round(stationWithAppPct - stationAlonePct));
                r.put("stationAddedTargetPercent", 0.5);
                return r;
            } finally {
                app.destroy();
                app.waitFor();
            }
        } finally {
            api.close();
            Files.deleteIfExists(png);
        }
    }

    private static double cpuPercent(com.sun.management.OperatingSystemMXBean os, long seconds) throws InterruptedException {
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        return 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
    }

    /** utime + stime of a process, in clock ticks, from /proc/PID/stat. */
    private static long ticks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** A station with 8 channels whose levels change each second, and nothing else to do. */
    private static final class EightChannels implements StationView {
        private static final long T0_NS = System.nanoTime();

        @Override
        public StationStatus status() {
            return new StationStatus("bench", true, System.nanoTime() - T0_NS, 48_000, 1, 1L << 40, 86_400L * 100,
                    "NTP", "127.0.0.1", 0L, List.of());
        }

        @Override
        public List<ChannelReading> levels() {
            List<ChannelReading> out = new ArrayList<>();
            // a new one-second window each second, as a station's are: levels that move, so the app has frames to draw
            long second = (System.nanoTime() - T0_NS) / 1_000_000_000L;
            for (int c = 1; c <= 8; c++) {
                double wobble = 3.0 * Math.sin(second + c);
                out.add(new ChannelReading(c, "CH" + c, -6.0 * c + wobble, -6.0 * c - 3.01 + wobble, 0, false));
            }
            return out;
        }

        @Override
        public List<StationEvent> eventsAfter(long afterId, int limit) {
            return List.of();
        }

        @Override
        public boolean stopRecording() {
            return false;
        }

        @Override
        public boolean startRecording() {
            return false;
        }
    }
}
