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

    private MarkRateFit(double[] positionsSamples, long[] utcNs) {
        this.positionsSamples = positionsSamples;
        this.utcNs = utcNs;
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
        for (int i = 0; i < p.length; i++) {
            p[i] = usable.get(i).positionSamples();
            u[i] = usable.get(i).utcNs();
            if (i > 0 && (p[i] <= p[i - 1] || u[i] <= u[i - 1])) {
                throw new MarkException("reference marks at samples " + p[i - 1] + " and " + p[i]
                        + " do not advance together in UTC", "check the rough UTC given for the marks");
            }
        }
        return new MarkRateFit(p, u);
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

    private int segment(double positionSamples) {
        int i = Arrays.binarySearch(positionsSamples, positionSamples);
        int insertion = i >= 0 ? i : -i - 1;
        return Math.max(0, Math.min(positionsSamples.length - 2, insertion - 1));
    }
}
