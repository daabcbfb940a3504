package io.tidemark.app.bench;

import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.common.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * How much the BWF writer costs the capture loop: writes {@code --seconds} of 8 ch / 48 kHz / 24-bit
 * audio in 100 ms buffers as fast as it can, syncing headers every 5 s of audio and rotating every
 * {@code --rotate-seconds}, then prints throughput, CPU time per second of audio (the share of one
 * core the writer needs in real time, and the part of it spent in header syncs) and bytes
 * allocated per buffer and per sync. Files go to a fresh folder under
 * {@code --dir} (default: the system temp folder) and are deleted afterwards.
 *
 * <pre>java -cp 'installer/target/app/lib/*' io.tidemark.app.bench.BwfWriterBenchmark [--seconds 600] [--json]</pre>
 */
public final class BwfWriterBenchmark {

    private BwfWriterBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        boolean json = false;
        long seconds = 600;
        long rotateSeconds = 120;
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--rotate-seconds" -> rotateSeconds = Long.parseLong(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: BwfWriterBenchmark [--seconds N] [--rotate-seconds N] [--dir DIR] [--json]");
                    System.exit(2);
                }
            }
        }
        Map<String, Object> result = run(base, seconds, rotateSeconds);
        if (json) {
            System.out.println(Json.write(result));
        } else {
            System.out.printf("%-34s %s%n", "figure", "value");
            result.forEach((k, v) -> System.out.printf("%-34s %s%n", k, v));
        }
    }

    static Map<String, Object> run(Path base, long seconds, long rotateSeconds) throws IOException {
        CaptureFormat format = new CaptureFormat(8, 48_000, 24);
        int bufferFrames = 4_800;
        byte[] pcm = new byte[bufferFrames * format.bytesPerFrame()];
        new SplittableRandom(1).nextBytes(pcm);
        long buffers = seconds * format.sampleRateHz() / bufferFrames;
        int syncEvery = 50; // 5 s of audio
        Path dir = Files.createTempDirectory(base, "tidemark-bwf-bench-");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        try {
            warmUp(dir.resolve("warm"), format, pcm, bufferFrames);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(threadId);
            long wall0 = System.nanoTime();
            long syncCpuNs = 0;
            long syncAllocBytes = 0;
            try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "bench", format, rotateSeconds * format.sampleRateHz(),
                    i -> OptionalLong.of(1_795_290_000_000_000_000L + i * 1_000_000_000L / 48_000),
                    AudioFileListener.NONE)) {
                for (long b = 0; b < buffers; b++) {
                    w.write(pcm, 0, bufferFrames, b * bufferFrames);
                    if ((b + 1) % syncEvery == 0) {
                        long c = threads.getCurrentThreadCpuTime();
                        long a = threads.getThreadAllocatedBytes(threadId);
                        w.syncHeaders();
                        syncCpuNs += threads.getCurrentThreadCpuTime() - c;
                        syncAllocBytes += threads.getThreadAllocatedBytes(threadId) - a;
                    }
                }
            }
            long wallNs = System.nanoTime() - wall0;
            long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
            long allocBytes = threads.getThreadAllocatedBytes(threadId) - alloc0;
            double audioSeconds = buffers * (double) bufferFrames / format.sampleRateHz();
            long bytes = buffers * pcm.length;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("format", format.toString());
            r.put("audioSeconds", audioSeconds);
            r.put("bytesWritten", bytes);
            r.put("wallSeconds", wallNs / 1e9);
            r.put("throughputMBps", bytes / 1e6 / (wallNs / 1e9));
            r.put("realtimeFactor", audioSeconds / (wallNs / 1e9));
            r.put("cpuMsPerAudioSecond", cpuNs / 1e6 / audioSeconds);
            r.put("cpuPercentOfOneCoreAtRealTime", cpuNs / 1e9 / audioSeconds * 100);
            r.put("syncCpuMsPerAudioSecond", syncCpuNs / 1e6 / audioSeconds);
            r.put("allocatedBytesPerBufferExcludingSyncs", (allocBytes - syncAllocBytes) / (double) buffers);
            r.put("allocatedBytesPerSync", syncAllocBytes / (double) (buffers / syncEvery));
            r.put("syncEveryAudioSeconds", syncEvery * bufferFrames / (double) format.sampleRateHz());
            return r;
        } finally {
            deleteTree(dir);
        }
    }

    private static void warmUp(Path dir, CaptureFormat format, byte[] pcm, int bufferFrames) throws IOException {
        Files.createDirectory(dir);
        try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "warm", format, 48_000L * 10,
                i -> OptionalLong.of(1_795_290_000_000_000_000L), AudioFileListener.NONE)) {
            for (int b = 0; b < 300; b++) {
                w.write(pcm, 0, bufferFrames, (long) b * bufferFrames);
                if (b % 50 == 49) {
                    w.syncHeaders();
                }
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
