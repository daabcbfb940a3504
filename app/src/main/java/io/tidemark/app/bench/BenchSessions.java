package io.tidemark.app.bench;

import io.tidemark.recorder.sim.SimulatedSessionWriter;
import io.tidemark.recorder.sim.TimingSessionWriter;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The simulated sessions the analysis benchmarks run on, built once into a cache folder the user
 * gives and reused: built under a temporary name and renamed when complete, so an interrupted
 * build is never mistaken for a session.
 */
final class BenchSessions {

    /** A cached session and the seconds it took to build now (0 when it was already there). */
    record Built(Path dir, double buildSeconds) {
    }

    private static final long DAY_NS = 86_400_000_000_000L;

    private BenchSessions() {
    }

    /** Timing only (no audio; truth.csv holds the clicks), 100 ms buffers (4800 frames at 48 kHz): 120 days are ~1.04e8 rows. */
    static Built timing(Path cache, double days) throws IOException {
        String name = "timing-" + plain(days) + "d-100ms";
        Scenario s = Scenario.base(name, Math.round(days * DAY_NS)).buffer(4800).device(20, 0.02);
        return build(cache, name, s, null);
    }

    /** 8 channels of 24-bit audio at 48 kHz for {@code minutes}, files rotating every 10 minutes. */
    static Built audio(Path cache, double minutes) throws IOException {
        String name = "audio-8ch-24bit-" + plain(minutes) + "min";
        Scenario s = Scenario.base(name, Math.round(minutes * 60e9)).buffer(4800);
        return build(cache, name, s, new SimulatedSessionWriter.Audio(8, 24, 48_000L * 600));
    }

    private static Built build(Path cache, String name, Scenario s, SimulatedSessionWriter.Audio audio) throws IOException {
        Path dir = cache.resolve(name);
        if (Files.isDirectory(dir)) {
            System.err.println("bench: using the cached session " + dir);
            return new Built(dir, 0);
        }
        Files.createDirectories(cache);
        Path partial = cache.resolve(name + ".partial-" + ProcessHandle.current().pid());
        long expected = Math.round(s.durationNs() / (s.bufferFrames() * 1e9 / s.sampleRateHz()));
        System.err.printf("bench: building %s (%,d buffers) once, in %s%n", name, expected, cache);
        long t0 = System.nanoTime();
        try {
            LongConsumer progress = n -> System.err.printf(Locale.ROOT,
                    "bench: %,d of %,d buffers written (%.0f %%, %.0f s)%n", n, expected, 100.0 * n / expected,
                    (System.nanoTime() - t0) / 1e9);
            if (audio == null) {
                TimingSessionWriter.write(partial, s, progress);
            } else {
                SimulatedSessionWriter.write(partial, s, audio, x -> x, progress);
            }
            Files.move(partial, dir);
        } catch (IOException | RuntimeException e) {
            deleteTree(partial);
            throw e;
        }
        return new Built(dir, (System.nanoTime() - t0) / 1e9);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Deletes a folder this benchmark made. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
