package io.tidemark.analysis.marks;

import io.tidemark.recorder.store.MarkRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Finds the reference marks of a whole session: its reference channel is read in
 * overlapping chunks (a session may hold months), each chunk goes to {@link PpsDetector} or
 * {@link LtcDecoder}, marks seen twice in an overlap are kept once (by the UTC they assert), and the
 * flags and residuals are worked out again over the whole series, separately in each stretch of audio
 * without lost frames (a dropout moves the sample axis against UTC; that is not a misaligned mark).
 */
public final class SessionMarks {

    /** Seconds of audio per chunk; chunks overlap by {@link #OVERLAP_S} so no mark falls on a seam unseen. */
    static final int CHUNK_S = 30;
    static final int OVERLAP_S = 2;

    /**
     * A session's marks in order, with what LTC frames say besides their time (null for PPS).
     *
     * @param chunksWithout chunks in which no mark was found
     * @param problemOrNull the first such chunk's report of what it held instead
     */
    public record Found(ReferenceMark.Kind kind, List<ReferenceMark> marks, List<String> details, int chunks,
                        int chunksWithout, String problemOrNull) {
        public Found {
            marks = List.copyOf(marks);
            details = java.util.Collections.unmodifiableList(new ArrayList<>(details));
        }
    }

    /** One channel of a recording as floats, by sample index (e.g. {@code SessionAudio.readChannel}). */
    @FunctionalInterface
    public interface ChannelSource {
        void read(long firstSampleIndex, int frames, float[] dst) throws IOException;
    }

    private SessionMarks() {
    }

    /**
     * @param channel            the reference channel's samples
     * @param endSampleIndex     the first sample index after the recording
     * @param stretchStarts      first sample index of each stretch of audio without lost frames, increasing
     * @param roughUtcNsAtSample UTC of a sample index within 0.5 s (the stamp model)
     * @param progress           fraction of the audio read
     * @throws MarkException when no chunk holds a mark: it says what the channel holds
     */
    public static Found find(ChannelSource channel, int rateHz, long firstSampleIndex, long endSampleIndex,
                             ReferenceMark.Kind kind, long[] stretchStarts, LongUnaryOperator roughUtcNsAtSample,
                             DoubleConsumer progress) throws IOException {
        List<Double> positions = new ArrayList<>();
        List<Long> utcs = new ArrayList<>();
        List<String> details = new ArrayList<>();
        long periodNs = 1_000_000_000L;
        int chunks = 0;
        int without = 0;
        String problem = null;
        long first = firstSampleIndex;
        long end = endSampleIndex;
        int chunkFrames = CHUNK_S * rateHz;
        int stepFrames = (CHUNK_S - OVERLAP_S) * rateHz;
        float[] samples = new float[chunkFrames];
        long lastUtcNs = Long.MIN_VALUE;
        for (long start = first; start < end; start += stepFrames) {
            int frames = (int) Math.min(chunkFrames, end - start);
            channel.read(start, frames, samples);
            chunks++;
            float[] chunk = frames == samples.length ? samples : Arrays.copyOf(samples, frames);
            List<ReferenceMark> found;
            List<String> foundDetails = new ArrayList<>();
            try {
                if (kind == ReferenceMark.Kind.PPS) {
                    found = PpsDetector.detect(chunk, rateHz, start, roughUtcNsAtSample);
                    found.forEach(m -> foundDetails.add(null));
                } else {
                    LtcDecoding d = LtcDecoder.decode(chunk, rateHz, start, roughUtcNsAtSample);
                    periodNs = d.frameRate().nsAtCount(1);
                    found = d.marks();
                    d.frames().forEach(f -> foundDetails.add(f.timecode().toString()));
                }
            } catch (MarkException e) {
                without++;
                if (problem == null) {
                    problem = e.getMessage();
                }
                found = List.of();
            }
            for (int i = 0; i < found.size(); i++) {
                ReferenceMark m = found.get(i);
                if (m.utcNs() > lastUtcNs) {
                    positions.add(m.positionSamples());
                    utcs.add(m.utcNs());
                    details.add(foundDetails.get(i));
                    lastUtcNs = m.utcNs();
                }
            }
            progress.accept(Math.min(1.0, (double) (start + frames - first) / Math.max(1, end - first)));
            if (start + frames >= end) {
                break;
            }
        }
        if (positions.isEmpty()) {
            throw new MarkException("no " + kind.name() + " marks on the reference channel: " + problem,
                    kind == ReferenceMark.Kind.PPS
                            ? "check that the channel carries the GPS receiver's PPS output, at a level well above the noise"
                            : "check that the channel carries the LTC generator's output");
        }
        return new Found(kind, series(kind, positions, utcs, periodNs, stretchStarts), details, chunks, without, problem);
    }

    /**
     * Flags and residuals, stretch by stretch: a stretch ends where the model saw lost audio, and where the marks
     * themselves show a step (a pair whose spacing does not match their UTCs, followed by two pairs that do: the
     * sample axis moved, not one mark). The first mark of each later stretch is flagged AFTER_LOST_AUDIO.
     */
    private static List<ReferenceMark> series(ReferenceMark.Kind kind, List<Double> positions, List<Long> utcs,
                                              long periodNs, long[] stretchStarts) {
        int n = positions.size();
        boolean[] starts = new boolean[n];
        double samplesPerNs = medianRate(positions, utcs);
        for (int i = 1; i < n; i++) {
            starts[i] = stretchOf(positions.get(i), stretchStarts) != stretchOf(positions.get(i - 1), stretchStarts)
                    || (!consistent(positions, utcs, i - 1, samplesPerNs) && consistent(positions, utcs, i, samplesPerNs)
                    && consistent(positions, utcs, i + 1, samplesPerNs));
        }
        List<ReferenceMark> out = new ArrayList<>(n);
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && !starts[j]) {
                j++;
            }
            double[] p = new double[j - i];
            long[] u = new long[j - i];
            for (int k = i; k < j; k++) {
                p[k - i] = positions.get(k);
                u[k - i] = utcs.get(k);
            }
            List<ReferenceMark> built = MarkSeries.build(kind, p, u, periodNs);
            for (int k = 0; k < built.size(); k++) {
                ReferenceMark m = built.get(k);
                if (k == 0 && i > 0) {
                    Set<ReferenceMark.Flag> f = EnumSet.of(ReferenceMark.Flag.AFTER_LOST_AUDIO);
                    f.addAll(m.flags());
                    m = new ReferenceMark(m.kind(), m.positionSamples(), m.utcNs(), m.residualNs(), f);
                }
                out.add(m);
            }
            i = j;
        }
        return out;
    }

    /** Whether marks k and k + 1 are as far apart in samples as in UTC (false past the end). */
    private static boolean consistent(List<Double> p, List<Long> u, int k, double samplesPerNs) {
        if (k < 0 || k + 1 >= p.size()) {
            return false;
        }
        double spacing = p.get(k + 1) - p.get(k);
        long dtNs = u.get(k + 1) - u.get(k);
        return dtNs > 0 && Math.abs(spacing - dtNs * samplesPerNs) <= 1e-4 * spacing + 2;
    }

    private static double medianRate(List<Double> p, List<Long> u) {
        double[] r = new double[Math.max(0, p.size() - 1)];
        int m = 0;
        for (int i = 1; i < p.size(); i++) {
            if (u.get(i) > u.get(i - 1)) {
                r[m++] = (p.get(i) - p.get(i - 1)) / (u.get(i) - u.get(i - 1));
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(r, m);
        Arrays.sort(sorted);
        return sorted[m / 2];
    }

    private static int stretchOf(double position, long[] stretchStarts) {
        int s = 0;
        while (s + 1 < stretchStarts.length && stretchStarts[s + 1] <= position) {
            s++;
        }
        return s;
    }

    /** A mark as a {@code marks} row. */
    public static MarkRow row(ReferenceMark m, int channel, String detailOrNull) {
        int flags = (m.flags().contains(ReferenceMark.Flag.MISSING_BEFORE) ? MarkRow.FLAG_MISSING_BEFORE : 0)
                | (m.flags().contains(ReferenceMark.Flag.MISALIGNED) ? MarkRow.FLAG_MISALIGNED : 0)
                | (m.flags().contains(ReferenceMark.Flag.AFTER_LOST_AUDIO) ? MarkRow.FLAG_AFTER_LOST_AUDIO : 0);
        Long residual = Double.isNaN(m.residualNs()) ? null : Math.round(m.residualNs());
        return new MarkRow(m.kind().name().toLowerCase(java.util.Locale.ROOT), channel, MarkRow.toQ20(m.positionSamples()),
                m.utcNs(), residual, flags, detailOrNull);
    }

    /** A {@code marks} row as a mark. */
    public static ReferenceMark mark(MarkRow r) {
        Set<ReferenceMark.Flag> flags = EnumSet.noneOf(ReferenceMark.Flag.class);
        if ((r.flags() & MarkRow.FLAG_MISSING_BEFORE) != 0) {
            flags.add(ReferenceMark.Flag.MISSING_BEFORE);
        }
        if ((r.flags() & MarkRow.FLAG_MISALIGNED) != 0) {
            flags.add(ReferenceMark.Flag.MISALIGNED);
        }
        if ((r.flags() & MarkRow.FLAG_AFTER_LOST_AUDIO) != 0) {
            flags.add(ReferenceMark.Flag.AFTER_LOST_AUDIO);
        }
        return new ReferenceMark(ReferenceMark.Kind.valueOf(r.kind().toUpperCase(java.util.Locale.ROOT)),
                r.positionSamples(), r.utcNs(),
                r.residualNsOrNull() == null ? Double.NaN : r.residualNsOrNull(), flags);
    }
}
