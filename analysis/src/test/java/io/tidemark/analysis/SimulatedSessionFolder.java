package io.tidemark.analysis;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.sim.SimulatedSessionWriter;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.SQLException;
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

    /** Its time model, loaded or fitted as the commands do it. */
    public TimeModel model() throws SQLException {
        return TimeModelStore.loadOrFit(dir, false, n -> { });
    }

    /** The last channel (where the clicks are) of a 16-bit WAV. */
    public static short[] lastChannelOf(Path wav) throws IOException {
        try (BwfReader r = BwfReader.open(wav)) {
            int n = (int) r.frames();
            ByteBuffer b = ByteBuffer.wrap(r.readFrames(0, n)).order(ByteOrder.LITTLE_ENDIAN);
            int ch = r.format().channels();
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < ch; c++) {
                    short v = b.getShort();
                    if (c == ch - 1) {
                        out[i] = v;
                    }
                }
            }
            return out;
        }
    }

    /** The index of the largest |sample| within ±radius of {@code around}. */
    public static int peakNear(short[] x, double around, int radius) {
        int best = (int) Math.round(around);
        for (int i = (int) around - radius; i <= (int) around + radius; i++) {
            if (i >= 0 && i < x.length && Math.abs(x[i]) > Math.abs(x[best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The peak near {@code around} to a fraction of a sample: the parabola through the largest
     * sample and its neighbours (a resampled click is a bandlimited pulse, not one sample).
     */
    public static double peakPositionNear(short[] x, double around, int radius) {
        int i = peakNear(x, around, radius);
        if (i <= 0 || i >= x.length - 1) {
            return i;
        }
        double a = x[i - 1];
        double b = x[i];
        double c = x[i + 1];
        double curvature = a - 2 * b + c;
        return curvature == 0 ? i : i + 0.5 * (a - c) / curvature;
    }
}
