package io.tidemark.app.bench;

import io.tidemark.app.station.StationConfig;
import io.tidemark.app.station.StationService;
import io.tidemark.app.station.SystemdNotifier;
import io.tidemark.common.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resident memory of the station over a simulated run ({@code simulatedTime}: one session, the simulated world's
 * NTP server, health, levels and alert logic on every buffer), sampled once per simulated hour: the process's RSS
 * (VmRSS) and the live heap (heap used right after a full GC). Target: flat after the first hour, less than 5 %
 * growth from hour 1 to the end. By default 7 days of 2 ch / 48 kHz s16 in 1-s buffers with {@code "audio": "none"}:
 * a week of audio files would be 58 GB of disk writes, and the file writer's memory does not grow with time (one
 * open file); {@code --audio bwf} writes them. A station of its own first runs {@code --warm-up-days} (1) in the
 * same JVM, standing in for the JIT's warm-up that a real first hour holds and a simulated one (half a second) does
 * not. {@code tidemark bench station-memory [--json] [--days 7] [--channels 2] [--buffer-ms 1000] [--audio none|bwf]
 * [--warm-up-days 1]}
 */
public final class StationMemoryBenchmark {

    private static final long HOUR_NS = 3_600_000_000_000L;
    /**
     * The week, scripted (unless {@code --quiet-week}): two device losses of 10 min, a 24 h NTP outage, channel
     * 1 silent for 3 h, a 30-s clipping burst. Memory must stay flat through them too.
     */
    static final String WEEK = ",\"simDisconnectAt\":[\"26h\",\"4d\"],\"simDisconnectMs\":600000,"
            + "\"simNtpOutage\":\"2d+24h\",\"simSilence\":[\"1@3d+3h\"],\"simClip\":[\"1@5d+30s\"]";

    private StationMemoryBenchmark() {
    }

    /** The heap of the measured JVM: fixed and touched at start, so that RSS growth is native memory or a leak. */
    static final String HEAP = "96m";

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("--child")) {
            // A JVM of its own with a fixed, pre-touched heap: in this one the heap's resizing would be the RSS.
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                    StationMemoryBenchmark.class.getName(), "--child"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException("the measured JVM exited with " + rc);
            }
            return;
        }
        boolean json = false;
        int days = 7;
        int channels = 2;
        int bufferMs = 1000;
        String audio = "none";
        boolean week = true;
        int warmUpDays = 1;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--channels" -> channels = Integer.parseInt(args[++i]);
                case "--buffer-ms" -> bufferMs = Integer.parseInt(args[++i]);
                case "--audio" -> audio = args[++i];
                case "--quiet-week" -> week = false;
                case "--warm-up-days" -> warmUpDays = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("tidemark-station-memory");
        if (warmUpDays > 0) {
            // In the field the first hour is an hour of wall time, in which the JIT compiles the capture path; here
            // a simulated hour passes in half a second, so a station of its own warms this JVM up first.
            System.err.printf(Locale.ROOT, "station-memory: warming up over %d simulated day(s)%n", warmUpDays);
            StationService warm = station(tmp.resolve("warm-up"), channels, bufferMs, audio, week);
            warm.open();
            Thread t = new Thread(() -> {
                try {
                    warm.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "station-warm-up");
            t.start();
            while (t.isAlive() && warm.status().elapsedNs() < warmUpDays * 24 * HOUR_NS) {
                Thread.sleep(20);
            }
            warm.shutdown();
            t.join(60_000);
            warm.close();
        }
        StationService station = station(tmp.resolve("deployment"), channels, bufferMs, audio, week);
        station.open();
        Thread runner = new Thread(() -> {
            try {
                station.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "station-capture");
        long wall0 = System.nanoTime();
        runner.start();
        List<long[]> samples = new ArrayList<>(); // hour, rss bytes, live heap bytes
        long endNs = days * 24 * HOUR_NS;
        long nextHour = 0;
        while (runner.isAlive()) {
            long elapsed = station.status().elapsedNs();
            if (elapsed >= nextHour * HOUR_NS) {
                System.gc();
                samples.add(new long[] {nextHour, rssBytes(), liveHeapBytes()});
                if (nextHour % 24 == 0) {
                    System.err.printf(Locale.ROOT, "station-memory: day %d of %d, RSS %.1f MB%n", nextHour / 24, days,
                            samples.get(samples.size() - 1)[1] / 1e6);
                }
                nextHour++;
            }
            if (elapsed >= endNs) {
                break;
            }
            Thread.sleep(20);
        }
        station.shutdown();
        runner.join(60_000);
        station.close();
        double wallS = (System.nanoTime() - wall0) / 1e9;
        List<io.tidemark.analysis.deployment.ChannelSpan> spans = io.tidemark.analysis.deployment.ChannelSpan.of(
                io.tidemark.analysis.deployment.Deployment.open(tmp.resolve("deployment"), n -> { }));
        long[] h1 = samples.get(Math.min(1, samples.size() - 1));
        long[] last = samples.get(samples.size() - 1);
        long maxRss = samples.stream().skip(1).mapToLong(s -> s[1]).max().orElse(h1[1]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("simulatedDays", days);
        m.put("channels", channels);
        m.put("rateHz", 48000);
        m.put("bufferMs", bufferMs);
        m.put("audio", audio);
        m.put("heap", "-Xms" + HEAP + " -Xmx" + HEAP + " pre-touched");
        m.put("warmUpDays", warmUpDays);
        m.put("wallSeconds", Math.round(wallS * 10) / 10.0);
        m.put("hoursSampled", samples.size());
        m.put("rssHour1Mb", mb(h1[1]));
        m.put("rssEndMb", mb(last[1]));
        m.put("rssMaxAfterHour1Mb", mb(maxRss));
        m.put("rssGrowthPercent", pct(last[1], h1[1]));
        m.put("rssMaxGrowthPercent", pct(maxRss, h1[1]));
        if (samples.size() > 49) {
            // simulated time compresses the JVM's warm-up (JIT, code cache, malloc arenas: wall-time things) into
            // the first simulated day or so; growth after day 2 separates that from a leak
            m.put("rssDay2Mb", mb(samples.get(48)[1]));
            m.put("rssGrowthAfterDay2Percent", pct(last[1], samples.get(48)[1]));
        }
        m.put("liveHeapHour1Mb", mb(h1[2]));
        m.put("liveHeapEndMb", mb(last[2]));
        m.put("liveHeapGrowthPercent", pct(last[2], h1[2]));
        m.put("targetGrowthPercent", 5.0);
        m.put("scriptedWeek", week);
        for (var c : spans) {
            // against the script: silence 3 d + 3 h, clipping 5 d + 30 s after the start (device time, no drift)
            long start0 = io.tidemark.common.UtcNanos.toEpochNs(java.time.Instant.parse("2026-11-21T00:00:00Z"));
            long wantStart = start0 + (c.kind().equals("silent") ? 72 : 120) * HOUR_NS;
            long wantEnd = wantStart + (c.kind().equals("silent") ? 3 * HOUR_NS : 30_000_000_000L);
            if (c.channel() == 1) {
                m.put(c.kind() + "SpanStartErrorS", Math.round((c.startUtcNs() - wantStart) / 1e7) / 100.0);
                m.put(c.kind() + "SpanEndErrorS", Math.round((c.endUtcNs() - wantEnd) / 1e7) / 100.0);
            }
        }
        m.put("channelSpans", spans.size());
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>(m);
            List<Map<String, Object>> perHour = new ArrayList<>();
            for (long[] s : samples) {
                perHour.add(Map.of("hour", s[0], "rssMb", mb(s[1]), "liveHeapMb", mb(s[2])));
            }
            out.put("samples", perHour);
            System.out.println(Json.write(out));
        } else {
            System.out.println("| station memory over a simulated run | value |");
            System.out.println("| --- | --- |");
            m.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
            System.out.println();
            System.out.println("| day | RSS MB | live heap MB |");
            System.out.println("| --- | --- | --- |");
            for (long[] s : samples) {
                if (s[0] % 24 == 0 || s[0] == 1) {
                    System.out.printf(Locale.ROOT, "| %.2f | %.1f | %.1f |%n", s[0] / 24.0, mb(s[1]), mb(s[2]));
                }
            }
        }
    }

    private static StationService station(Path deployment, int channels, int bufferMs, String audio, boolean week)
            throws IOException {
        Files.createDirectories(deployment);
        StationConfig cfg = StationConfig.parse(Json.MAPPER.readTree("{\"device\":\"sim\",\"channels\":" + channels
                + ",\"rateHz\":48000,\"format\":\"s16\",\"bufferMs\":" + bufferMs + ",\"deployment\":\""
                + deployment + "\",\"api\":{\"port\":0},\"audio\":\"" + audio + "\","
                + "\"simulatedTime\":true,\"simStart\":\"2026-11-21T00:00:00Z\"" + (week ? WEEK : "") + "}"), "benchmark");
        return new StationService(cfg, line -> { }, SystemdNotifier.fromEnvironment());
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1e5) / 10.0;
    }

    private static double pct(long now, long base) {
        return Math.round(1000.0 * (now - base) / Math.max(1, base)) / 10.0;
    }

    private static long liveHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process (Linux), or -1 elsewhere. */
    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
