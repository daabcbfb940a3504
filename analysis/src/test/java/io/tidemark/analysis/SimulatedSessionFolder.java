package io.tidemark.analysis;

import io.tidemark.analysis.bench.SimulatedSessionWriter;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A session folder as the recorder leaves it, generated from a {@link SyntheticStampSeries} scenario
 * by {@link SimulatedSessionWriter}: 2 channels of 16-bit audio, a quiet sine on channel 1 and a
 * one-sample full-scale click on channel 2 at the sample nearest each whole true-UTC second. Files
 * rotate every {@code rotateFrames}.
 */
public final class SimulatedSessionFolder {

    public final Path dir;
    public final List<long[]> clicks = new ArrayList<>(); // sample index, true UTC ns

    private SimulatedSessionFolder(Path dir) {
        this.dir = dir;
    }

    public static SimulatedSessionFolder create(Path parent, SyntheticStampSeries.Scenario s, long rotateFrames,
                                                UnaryOperator<NtpSample> ntpFilter) throws IOException {
        SimulatedSessionFolder f = new SimulatedSessionFolder(parent.resolve("20261119T000000Z-sim"));
        f.clicks.addAll(SimulatedSessionWriter.write(f.dir, s, new SimulatedSessionWriter.Audio(2, 16, rotateFrames),
                ntpFilter, n -> { }));
        return f;
    }

    public static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        }
    }
}
