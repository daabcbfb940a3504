package io.tidemark.analysis.marks;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleToLongFunction;

/**
 * Sample to UTC from reference marks, as AudioMoth's desktop step does it: the device's sample
 * rate between each pair of consecutive usable marks, so a sample between two marks gets the
 * linear interpolation of their UTCs. Outside the marks the nearest pair's rate extends the line.
 * Immutable.
 */
public final class MarkRateFit {

    /**
     * Offset of another sample-to-UTC model (e.g. the stamp-based fit) against the marks: for a
     * stamp model this is the audio path's fixed input latency, which no buffer stamp can see.
     *
     * @param meanNs        mean of model UTC minus mark UTC over the marks
     * @param stdDevNs      spread of that difference from mark to mark
     * @param uncertaintyNs standard error of the mean (spread / sqrt(marks))
     * @param marks         marks compared
     */
    public record Offset(double meanNs, double stdDevNs, double uncertaintyNs, int marks) {
    }

    private final double[] positionsSamples;
    private final long[] utcNs;
    private final boolean[] afterLostAudio;

    private MarkRateFit(double[] positionsSamples, long[] utcNs, boolean[] afterLostAudio) {
        this.positionsSamples = positionsSamples;
        this.utcNs = utcNs;
        this.afterLostAudio = afterLostAudio;
    }

    /**
     * The fit through the usable marks (misaligned ones left out), in order of position.
     *
     * @throws MarkException with fewer than two usable marks
     */
    public static MarkRateFit of(List<ReferenceMark> marks) {
        List<ReferenceMark> usable = marks.stream().filter(ReferenceMark::usable)
                .sorted((a, b) -> Double.compare(a.positionSamples(), b.positionSamples())).toList();
        if (usable.size() < 2) {
            throw new MarkException("only " + usable.size() + " usable reference marks of " + marks.size()
                    + ": a rate needs two", "record a longer stretch of the reference signal");
        }
        double[] p = new double[usable.size()];
        long[] u = new long[usable.size()];
        boolean[] lost = new boolean[usable.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = usable.get(i).positionSamples();
            u[i] = usable.get(i).utcNs();
            lost[i] = usable.get(i).flags().contains(ReferenceMark.Flag.AFTER_LOST_AUDIO);
            if (i > 0 && (p[i] <= p[i - 1] || u[i] <= u[i - 1])) {
                throw new MarkException("reference marks at samples " + p[i - 1] + " and " + p[i]
                        + " do not advance together in UTC", "check the rough UTC given for the marks");
            }
        }
        return new MarkRateFit(p, u, lost);
    }

    /** UTC of a (fractional) sample index. */
    public long utcNsAt(double positionSamples) {
        int i = segment(positionSamples);
        double fraction = (positionSamples - positionsSamples[i]) / (positionsSamples[i + 1] - positionsSamples[i]);
        return utcNs[i] + Math.round(fraction * (utcNs[i + 1] - utcNs[i]));
    }

    /** The device's sample rate (samples per UTC second) over the mark interval holding the sample. */
    public double rateHzAt(double positionSamples) {
        int i = segment(positionSamples);
        return (positionsSamples[i + 1] - positionsSamples[i]) / (utcNs[i + 1] - utcNs[i]) * 1e9;
    }

    /**
     * The fractional sample index at which the marks put {@code utcNs} (the inverse of {@link #utcNsAt});
     * outside the marks the nearest pair's rate extends the line.
     */
    public double positionAt(long atUtcNs) {
        int i = Arrays.binarySearch(utcNs, atUtcNs);
        int insertion = i >= 0 ? i : -i - 1;
        int k = Math.max(0, Math.min(this.utcNs.length - 2, insertion - 1));
        double fraction = (double) (atUtcNs - utcNs[k]) / (utcNs[k + 1] - utcNs[k]);
        return positionsSamples[k] + fraction * (positionsSamples[k + 1] - positionsSamples[k]);
    }

    /** Positions of the two marks whose line gives a sample's UTC: {before, after} (the end pair outside the marks). */
    public double[] pairAround(double positionSamples) {
        int i = segment(positionSamples);
        return new double[] {positionsSamples[i], positionsSamples[i + 1]};
    }

    /** False when audio was lost between the two marks around a sample (their line does not hold there). */
    public boolean continuousAround(double positionSamples) {
        return !afterLostAudio[segment(positionSamples) + 1];
    }

    public long firstUtcNs() {
        return utcNs[0];
    }

    public long lastUtcNs() {
        return utcNs[utcNs.length - 1];
    }

    public double firstPositionSamples() {
        return positionsSamples[0];
    }

    public double lastPositionSamples() {
        return positionsSamples[positionsSamples.length - 1];
    }

    public int markCount() {
        return positionsSamples.length;
    }

    /**
     * How much later than the marks another model puts each mark's sample: for a model from buffer
     * stamps, the input latency.
     *
     * @param modelUtcNsAtPosition the other model's UTC of a fractional sample index
     */
    public Offset offsetOf(DoubleToLongFunction modelUtcNsAtPosition) {
        int n = positionsSamples.length;
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = modelUtcNsAtPosition.applyAsLong(positionsSamples[i]) - utcNs[i];
            sum += d[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : d) {
            squares += (v - mean) * (v - mean);
        }
        double stdDev = Math.sqrt(squares / (n - 1));
        return new Offset(mean, stdDev, stdDev / Math.sqrt(n), n);
    }

    /**
     * As {@link #offsetOf}, robust: marks whose difference lies more than five scaled median absolute deviations
     * (and 10 µs) from the median are left out, e.g. where the other model missed lost audio.
     */
    public Offset robustOffsetOf(DoubleToLongFunction modelUtcNsAtPosition) {
        int n = positionsSamples.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = modelUtcNsAtPosition.applyAsLong(positionsSamples[i]) - utcNs[i];
        }
        double median = median(d.clone());
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(d[i] - median);
        }
        double limit = Math.max(10_000, 5 * 1.4826 * median(deviations));
        double sum = 0;
        int kept = 0;
        for (double v : d) {
            if (Math.abs(v - median) <= limit) {
                sum += v;
                kept++;
            }
        }
        double mean = sum / kept;
        double squares = 0;
        for (double v : d) {
            if (Math.abs(v - median) <= limit) {
                squares += (v - mean) * (v - mean);
            }
        }
        double stdDev = kept > 1 ? Math.sqrt(squares / (kept - 1)) : 0;
        return new Offset(mean, stdDev, stdDev / Math.sqrt(kept), kept);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }

    private int segment(double positionSamples) {
        int i = Arrays.binarySearch(positionsSamples, positionSamples);
        // A sample exactly at a mark takes the pair that starts there: after lost audio, that is the one that holds
        int insertion = i >= 0 ? i + 1 : -i - 1;
        return Math.max(0, Math.min(positionsSamples.length - 2, insertion - 1));
    }
}
