package io.tidemark.app.bench;

import io.tidemark.app.station.LevelTap;
import io.tidemark.app.station.StationConfig;
import io.tidemark.app.station.StationService;
import io.tidemark.app.station.SystemdNotifier;
import io.tidemark.common.Json;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.recorder.session.AudioSink;
import io.tidemark.recorder.session.BwfAudioSink;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU of the station at 8 ch / 48 kHz f32 on the simulated device while its API is polled at 10 Hz
 * (/api/status and /api/levels alternately), split by thread CPU time: capture (the recording loop's thread:
 * reading the device, stamping, writing the audio), health (the level tap, on that same thread), store
 * (timestamp-store threads), api (control-api threads), other (the rest of the station's JVM threads). The
 * poller's own threads (bench-poll, HttpClient) are excluded.
 *
 * <p>The simulated device does its own work on the capture thread: it generates the audio (a real device's DMA
 * does that) and, waiting for real time, naps in 2 ms steps (a real device's read blocks once per buffer). That
 * work is excluded, as the target says: a twin of the device is read in real time on its own thread during the
 * measurement, each buffer passed through a level tap like the station's, each call timed by the thread's own
 * CPU time (ThreadMXBean.getCurrentThreadCpuTime). The twin's device time is taken off capture and reported
 * apart ({@code simulatedDeviceExcluded}); its tap time is taken off capture and reported as health. Target:
 * total (the simulated device excluded) below 2 % of one core.
 * {@code tidemark bench station [--json] [--seconds 20]}
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
        DeviceTwin twin = new DeviceTwin(cfg, tmp.resolve("twin"));
        twin.start();
        Thread.sleep(1000);
        Map<String, Long> a = cpu();
        long[] t0 = twin.snapshot();
        long f0 = station.status().framesRecorded();
        long w0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Map<String, Long> b = cpu();
        long[] t1 = twin.snapshot();
        long wallNs = System.nanoTime() - w0;
        twin.interrupt();
        long framesMeasured = station.status().framesRecorded() - f0;
        poll.interrupt();
        station.shutdown();
        runner.join(20_000);
        station.close();
        long[] replayNs = {t1[0] - t0[0], t1[1] - t0[1]};
        Map<String, Long> used = new LinkedHashMap<>();
        for (String part : List.of("capture", "store", "api", "other")) {
            used.put(part, b.getOrDefault(part, 0L) - a.getOrDefault(part, 0L));
        }
        used.put("capture", used.get("capture") - replayNs[0] - replayNs[1]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        m.put("framesMeasured", framesMeasured);
        double total = 0;
        for (String part : List.of("capture", "health", "store", "api", "other")) {
            long ns = part.equals("health") ? replayNs[1] : used.get(part);
            double pct = 100.0 * ns / wallNs;
            total += pct;
            m.put(part + "PercentOfOneCore", round3(pct));
        }
        m.put("totalPercentOfOneCore", round3(total));
        m.put("simulatedDeviceExcludedPercentOfOneCore", round3(100.0 * replayNs[0] / wallNs));
        m.put("targetPercentOfOneCore", 2.0);
        if (json) {
            System.out.println(Json.write(m));
        } else {
            System.out.println("| part (8 ch / 48 kHz f32, API polled at 10 Hz; the simulated device's own work excluded) | % of one core |");
            System.out.println("| --- | --- |");
            m.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * A twin of the station's simulated device, read in real time on its own thread ("bench-device") as the
     * station reads its own: what the device costs by itself (generating the audio, and napping in 2 ms steps
     * while it waits for real time, where a real device blocks once per buffer), and what the station's level
     * tap costs on the same buffers. Each call is timed by the thread's own CPU time.
     */
    private static final class DeviceTwin extends Thread {
        private final CaptureDevice device;
        private final AudioSink tap;
        private final byte[] buffer;
        private final int bufferFrames;
        private final AtomicLong deviceNs = new AtomicLong();
        private final AtomicLong tapNs = new AtomicLong();

        DeviceTwin(StationConfig cfg, Path truthDir) throws Exception {
            super("bench-device");
            setDaemon(true);
            CaptureFormat format = new CaptureFormat(cfg.channels(), cfg.rateHz(), SampleEncoding.F32);
            bufferFrames = (int) format.framesIn(cfg.bufferMs() * 1_000_000L);
            device = SimulatedDevice.opener(SimulatedDeviceConfig.defaults(), format, bufferFrames, null,
                    Files.createDirectories(truthDir)).open();
            tap = LevelTap.forBenchmark(cfg).wrap(BwfAudioSink.DISCARD);
            buffer = new byte[bufferFrames * format.bytesPerFrame()];
        }

        @Override
        public void run() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try (device) {
                while (!isInterrupted()) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    int got = device.read(buffer, bufferFrames);
                    long t1 = mx.getCurrentThreadCpuTime();
                    tap.write(buffer, got);
                    long t2 = mx.getCurrentThreadCpuTime();
                    deviceNs.addAndGet(t1 - t0);
                    tapNs.addAndGet(t2 - t1);
                }
            } catch (Exception e) {
                // the benchmark is over
            }
        }

        long[] snapshot() {
            return new long[]{deviceNs.get(), tapNs.get()};
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
            if (ns < 0 || name.equals("bench-poll") || name.equals("bench-device") || name.startsWith("HttpClient")) {
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
