package io.tidemark.analysis.marks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Turns marks found in a channel into {@link ReferenceMark}s: flags from spacing, residuals from neighbours. */
final class MarkSeries {

    private static final int NEIGHBOURS = 5;
    /** Spacing tolerance: 100 ppm of the spacing (crystal error and wander) plus two samples. */
    private static final double TOLERANCE_OF_SPACING = 1e-4;
    private static final double TOLERANCE_SAMPLES = 2;

    private MarkSeries() {
    }

    /**
     * @param positionsSamples increasing mark positions
     * @param utcNs            the UTC each mark asserts
     * @param periodNs         the nominal time between consecutive marks
     */
    static List<ReferenceMark> build(ReferenceMark.Kind kind, double[] positionsSamples, long[] utcNs, long periodNs) {
        int n = positionsSamples.length;
        double samplesPerNs = medianRate(positionsSamples, utcNs);
        List<Set<ReferenceMark.Flag>> flags = new ArrayList<>(n);
        boolean[] usable = new boolean[n];
        int previous = -1;
        for (int i = 0; i < n; i++) {
            Set<ReferenceMark.Flag> f = EnumSet.noneOf(ReferenceMark.Flag.class);
            if (previous >= 0) {
                long dtNs = utcNs[i] - utcNs[previous];
                double spacing = positionsSamples[i] - positionsSamples[previous];
                if (dtNs <= 0 || Math.abs(spacing - dtNs * samplesPerNs) > TOLERANCE_OF_SPACING * spacing + TOLERANCE_SAMPLES) {
                    f.add(ReferenceMark.Flag.MISALIGNED);
                } else if (dtNs > periodNs * 3 / 2) {
                    f.add(ReferenceMark.Flag.MISSING_BEFORE);
                }
            }
            usable[i] = !f.contains(ReferenceMark.Flag.MISALIGNED);
            if (usable[i]) {
                previous = i;
            }
            flags.add(f);
        }
        List<ReferenceMark> marks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            marks.add(new ReferenceMark(kind, positionsSamples[i], utcNs[i], residualNs(i, positionsSamples, utcNs, usable),
                    flags.get(i)));
        }
        return List.copyOf(marks);
    }

    /** Median samples per ns over consecutive pairs: the device's rate, robust to odd marks. */
    private static double medianRate(double[] p, long[] u) {
        double[] rates = new double[Math.max(0, p.length - 1)];
        int m = 0;
        for (int i = 1; i < p.length; i++) {
            if (u[i] > u[i - 1]) {
                rates[m++] = (p[i] - p[i - 1]) / (u[i] - u[i - 1]);
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        double[] r = Arrays.copyOf(rates, m);
        Arrays.sort(r);
        return r[m / 2];
    }

    /** Leave-one-out: mark i's distance in time from the line through its usable neighbours. */
    private static double residualNs(int i, double[] p, long[] u, boolean[] usable) {
        double su = 0;
        double sp = 0;
        double suu = 0;
        double sup = 0;
        int count = 0;
        int lo = Math.max(0, i - NEIGHBOURS);
        int hi = Math.min(p.length - 1, i + NEIGHBOURS);
        for (int j = lo; j <= hi; j++) {
            if (j == i || !usable[j]) {
                continue;
            }
            double x = (u[j] - u[i]) * 1e-9;
            double y = p[j] - p[i];
            su += x;
            sp += y;
            suu += x * x;
            sup += x * y;
            count++;
        }
        double det = count * suu - su * su;
        if (count < 2 || det <= 0) {
            return Double.NaN;
        }
        double slopeSamplesPerS = (count * sup - su * sp) / det;
        double interceptSamples = (sp - slopeSamplesPerS * su) / count;
        // The mark sits at 0 relative to itself; the line says interceptSamples
        return -interceptSamples / slopeSamplesPerS * 1e9;
    }
}
