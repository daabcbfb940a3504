package io.tidemark.analysis;

import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A session folder as the recorder leaves it (session.db through the recorder's own store, BWF files
 * through its own writer, truth.csv), generated from a {@link SyntheticStampSeries} scenario: 2
 * channels of 16-bit audio, a quiet sine on channel 1 and a one-sample full-scale click on the last
 * channel at the sample nearest each whole true-UTC second. Files rotate every {@code rotateFrames}.
 */
public final class SimulatedSessionFolder {

    public final Path dir;
    public final List<long[]> clicks = new ArrayList<>(); // sample index, true UTC ns

    private SimulatedSessionFolder(Path dir) {
        this.dir = dir;
    }

    public static SimulatedSessionFolder create(Path parent, SyntheticStampSeries.Scenario s, long rotateFrames,
                                                UnaryOperator<NtpSample> ntpFilter) throws IOException {
        Path dir = parent.resolve("20261119T000000Z-sim");
        Files.createDirectories(dir);
        SimulatedSessionFolder f = new SimulatedSessionFolder(dir);
        CaptureFormat fmt = new CaptureFormat(2, s.sampleRateHz(), 16);
        SessionInfo info = new SessionInfo(dir.getFileName().toString(), "simulated", 2, s.sampleRateHz(), 16,
                s.bufferFrames(), "test", "test", "{}", true, s.startTrueNs(), 0, null, null, null);
        TimestampStore store = TimestampStore.create(dir, info);
        List<Long> pendingClicks = new ArrayList<>();
        BwfFileWriter[] w = new BwfFileWriter[1];
        long[] seq = new long[1];
        IOException[] failure = new IOException[1];
        SyntheticStampSeries.generate(s, new SyntheticStampSeries.Sink() {
            @Override
            public void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags) {
                try {
                    if (w[0] == null || w[0].frames() >= rotateFrames) {
                        if (w[0] != null) {
                            w[0].close();
                            store.fileClosed(w[0].relativePath(), w[0].frames());
                        }
                        String name = String.format("audio-%03d.wav", sampleIndex / rotateFrames);
                        w[0] = BwfFileWriter.create(dir.resolve(name), name, fmt, BwfMetadata.defaults(), "s", "1", null,
                                store, sampleIndex);
                        store.fileOpened(name, sampleIndex);
                    }
                    ByteBuffer b = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < frames; i++) {
                        long n = sampleIndex + i;
                        b.putShort((short) Math.round(3000 * Math.sin(2 * Math.PI * 440 * n / s.sampleRateHz())));
                        b.putShort(pendingClicks.remove((Long) n) ? Short.MAX_VALUE : 0);
                    }
                    b.flip();
                    w[0].write(b);
                } catch (IOException e) {
                    failure[0] = e;
                }
                store.addBuffer(new BufferStamp(seq[0]++, sampleIndex, frames, realtimeNs, monoRawNs, null, null,
                        flags | (1 << 8)));
            }

            @Override
            public void ntp(NtpSample sample) {
                NtpSample kept = ntpFilter.apply(sample);
                if (kept != null) {
                    store.accept(kept);
                }
            }

            @Override
            public void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
                pendingClicks.add(sampleIndex);
                f.clicks.add(new long[]{sampleIndex, trueUtcNs});
            }
        });
        if (w[0] != null) {
            w[0].close();
            store.fileClosed(w[0].relativePath(), w[0].frames());
        }
        store.close();
        if (failure[0] != null) {
            throw failure[0];
        }
        StringBuilder csv = new StringBuilder("sample_index,true_utc_ns\n");
        for (long[] c : f.clicks) {
            csv.append(c[0]).append(',').append(c[1]).append('\n');
        }
        Files.writeString(dir.resolve("truth.csv"), csv);
        return f;
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

    public static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        }
    }
}
