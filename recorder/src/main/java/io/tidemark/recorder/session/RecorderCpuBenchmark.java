package io.tidemark.recorder.session;

import io.tidemark.recorder.cli.Tidemark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recorder benchmarks: CPU share of a real-time 8 ch / 48 kHz / 24-bit recording of the simulated
 * device (process CPU time / wall time, this whole JVM, one core = 100 %), and the wall time of a
 * 24-hour simulated-time session (stamps only). Prints a table, or JSON with {@code --json}.
 * {@code java -cp "installer/target/app/lib/*" io.tidemark.recorder.session.RecorderCpuBenchmark [--json] [--seconds 30] [--sim-hours 24]}
 */
public final class RecorderCpuBenchmark {

    private RecorderCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        int seconds = 30;
        int simHours = 24;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--sim-hours" -> simHours = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("tidemark-cpu-bench");
        PrintStream out = System.out;
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            // Real time: CPU over wall.
            long cpu0 = cpuNs();
            long wall0 = System.nanoTime();
            int code = Tidemark.execute("record", "--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                    "--duration", seconds + "s", "--out", tmp.resolve("rt").toString());
            long wallNs = System.nanoTime() - wall0;
            long cpuNs = cpuNs() - cpu0;
            m.put("realtimeExitCode", code);
            m.put("realtimeSeconds", seconds);
            m.put("cpuPercentOfOneCore", Math.round(1000.0 * cpuNs / wallNs) / 10.0);
            // Simulated time: a day, stamps only.
            long s0 = System.nanoTime();
            code = Tidemark.execute("record", "--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                    "--duration", simHours + "h", "--simulated-time", "--audio", "none", "--out",
                    tmp.resolve("sim").toString());
            m.put("simulatedExitCode", code);
            m.put("simulatedHours", simHours);
            m.put("simulatedWallSeconds", Math.round((System.nanoTime() - s0) / 1e8) / 10.0);
        } finally {
            System.setOut(out);
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // Temporary files only.
            }
        }
        if (json) {
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(m));
        } else {
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            System.out.printf("| recorder CPU, 8 ch / 48 kHz / 24-bit, real time (%d s) | %.1f %% of one core |%n",
                    seconds, (Double) m.get("cpuPercentOfOneCore"));
            System.out.printf("| %d h simulated session (stamps only), wall | %.1f s |%n", simHours,
                    (Double) m.get("simulatedWallSeconds"));
        }
    }

    private static long cpuNs() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }
}
