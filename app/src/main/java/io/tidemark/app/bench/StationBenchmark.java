package io.tidemark.app.bench;

import io.tidemark.app.station.StationConfig;
import io.tidemark.app.station.StationService;
import io.tidemark.app.station.SystemdNotifier;
import io.tidemark.common.Json;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU of the station at 8 ch / 48 kHz f32 on the simulated device while its API is polled at 10 Hz
 * (/api/status and /api/levels alternately), split by thread CPU time: capture (the recording loop's thread:
 * reading the device, the level tap, writing the audio), store (timestamp-store threads), api (control-api
 * threads), other (the rest of the station's JVM threads). The poller's own threads (bench-poll, HttpClient)
 * are excluded. The simulated device generates its audio on the capture thread (a table copy, memcpy speed),
 * so it cannot be excluded by thread and is counted in capture: an upper bound. Target: total below 2 % of
 * one core. {@code tidemark bench station [--json] [--seconds 20]}
 */
public final class StationBenchmark {

    private StationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        int seconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("tidemark-station-bench");
        Files.createDirectories(tmp.resolve("deployment"));
        StationConfig cfg = StationConfig.parse(Json.MAPPER.readTree("{\"device\":\"sim\",\"channels\":8,"
                + "\"rateHz\":48000,\"format\":\"f32\",\"bufferMs\":100,\"deployment\":\""
                + tmp.resolve("deployment") + "\",\"api\":{\"port\":0}}"), "benchmark");
        StationService station = new StationService(cfg, line -> { }, SystemdNotifier.fromEnvironment());
        station.open();
        Thread runner = new Thread(() -> {
            try {
                station.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "station-capture");
        runner.start();
        int port = station.apiAddress().getPort();
        HttpClient http = HttpClient.newHttpClient();
        Thread poll = new Thread(() -> {
            int n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String path = n++ % 2 == 0 ? "/api/status" : "/api/levels";
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // keep polling
                }
            }
        }, "bench-poll");
        System.err.println("station: warming up 3 s, then measuring " + seconds + " s...");
        Thread.sleep(3000);
        poll.start();
        Thread.sleep(1000);
        Map<String, Long> a = cpu();
        long w0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Map<String, Long> b = cpu();
        long wallNs = System.nanoTime() - w0;
        poll.interrupt();
        station.shutdown();
        runner.join(20_000);
        station.close();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        double total = 0;
        for (String part : List.of("capture", "store", "api", "other")) {
            double pct = 100.0 * (b.getOrDefault(part, 0L) - a.getOrDefault(part, 0L)) / wallNs;
            total += pct;
            m.put(part + "PercentOfOneCore", Math.round(pct * 1000) / 1000.0);
        }
        m.put("totalPercentOfOneCore", Math.round(total * 1000) / 1000.0);
        m.put("targetPercentOfOneCore", 2.0);
        if (json) {
            System.out.println(Json.write(m));
        } else {
            System.out.println("| part (8 ch / 48 kHz f32, API polled at 10 Hz) | % of one core |");
            System.out.println("| --- | --- |");
            m.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        }
    }

    /** Thread CPU time by part; the poller's threads are left out. */
    private static Map<String, Long> cpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> parts = new LinkedHashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            String name = t.getThreadName();
            if (ns < 0 || name.equals("bench-poll") || name.startsWith("HttpClient")) {
                continue;
            }
            String part = name.equals("station-capture") ? "capture"
                    : name.startsWith("timestamp-store") ? "store"
                    : name.startsWith("control-api") ? "api" : "other";
            parts.merge(part, ns, Long::sum);
        }
        return parts;
    }
}
