package io.tidemark.analysis.marks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * Finds GPS PPS rising edges recorded on an audio channel, each to a small fraction of a sample.
 * <ol>
 * <li>Rough: one-sample rises well above the noise (six times its RMS, and at least half the median
 * rise of the edges found), one per 0.2 s, placed by a parabola through the largest rise.</li>
 * <li>Template: the session's own edges, interpolated band-limited (windowed sinc) onto a grid of
 * 1/16 sample around their positions and averaged; its reference point is where it crosses
 * halfway between its levels before and after the edge (the instant of the ideal edge for any
 * linear-phase converter filter).</li>
 * <li>Matched filter: each edge is correlated with the template (normalised, weighted by a taper
 * fixed to the samples) at every 1/16 sample, and a parabola through the three highest values
 * places the peak. The template is then learned again from the refined positions and the edges
 * matched once more.</li>
 * </ol>
 * PPS says only "a whole second": each edge's UTC is the caller's rough UTC at that sample,
 * rounded to the nearest second, so the rough estimate must be within 0.5 s. A pulse that is not
 * a whole number of seconds after the previous good one is flagged; so are gaps.
 */
public final class PpsDetector {

    private static final int MATCH_HALF_SAMPLES = 32;
    /** The template reaches beyond the matching window by the widest shift searched. */
    private static final int TEMPLATE_HALF_SAMPLES = MATCH_HALF_SAMPLES + 2;
    private static final int FINE_PER_SAMPLE = 16;
    private static final int FINE_HALF = TEMPLATE_HALF_SAMPLES * FINE_PER_SAMPLE;
    private static final int SEARCH_FINE = 24;
    private static final double DETECTION_NOISE_FACTOR = 6;
    private static final double REFRACTORY_S = 0.2;
    private static final long NS_PER_S = 1_000_000_000L;

    private PpsDetector() {
    }

    /**
     * The PPS edges in {@code samples}, in order.
     *
     * @param firstSampleIndex   recording index of {@code samples[0]}; positions are recording indices
     * @param roughUtcNsAtSample UTC of a recording sample index, within 0.5 s (e.g. from buffer stamps)
     * @throws MarkException when the channel holds no PPS edges (it says what it holds)
     */
    public static List<ReferenceMark> detect(float[] samples, int sampleRateHz, long firstSampleIndex,
                                             LongUnaryOperator roughUtcNsAtSample) {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be positive: " + sampleRateHz);
        }
        double[] rough = roughEdges(samples, sampleRateHz);
        double[] template = learnTemplate(samples, rough);
        double[] origins = matchAll(samples, template, rough);
        // Once more with a template learned from the refined positions, which align the edges better
        template = learnTemplate(samples, origins);
        origins = matchAll(samples, template, origins);
        // The final origins are aligned to the template they were matched with
        double referenceSamples = (halfwayCrossing(template) - FINE_HALF) / FINE_PER_SAMPLE;
        int n = origins.length;
        double[] positions = new double[n];
        long[] utcNs = new long[n];
        for (int e = 0; e < n; e++) {
            positions[e] = firstSampleIndex + origins[e] + referenceSamples;
            long roughNs = roughUtcNsAtSample.applyAsLong(Math.round(positions[e]));
            utcNs[e] = Math.floorDiv(roughNs + NS_PER_S / 2, NS_PER_S) * NS_PER_S;
        }
        return MarkSeries.build(ReferenceMark.Kind.PPS, positions, utcNs, NS_PER_S);
    }

    /** Rough edge positions (template origins), far enough from the ends to interpolate around. */
    private static double[] roughEdges(float[] x, int sampleRateHz) {
        int n = x.length;
        double peak = 0;
        double largestRise = 0;
        for (int k = 1; k < n; k++) {
            peak = Math.max(peak, Math.abs(x[k]));
            largestRise = Math.max(largestRise, x[k] - x[k - 1]);
        }
        double noiseRms = differenceNoiseRms(x) / Math.sqrt(2);
        double threshold = DETECTION_NOISE_FACTOR * Math.sqrt(2) * noiseRms;
        int margin = TEMPLATE_HALF_SAMPLES + SincInterpolator.HALF_TAPS + 4;
        int refractory = (int) Math.round(REFRACTORY_S * sampleRateHz);
        List<double[]> found = new ArrayList<>();
        for (int k = margin; k < n - margin; k++) {
            if (x[k] - x[k - 1] <= threshold) {
                continue;
            }
            int best = k;
            for (int j = k + 1; j < Math.min(n - margin, k + 8); j++) {
                if (x[j] - x[j - 1] > x[best] - x[best - 1]) {
                    best = j;
                }
            }
            double left = x[best - 1] - x[best - 2];
            double mid = x[best] - x[best - 1];
            double right = x[best + 1] - x[best];
            double curvature = left - 2 * mid + right;
            double offset = curvature < 0 ? 0.5 * (left - right) / curvature : 0;
            // The rise x[k] - x[k-1] is centred half a sample before k
            found.add(new double[] {best - 0.5 + offset, mid});
            k = best + refractory;
        }
        double[] heights = found.stream().mapToDouble(f -> f[1]).sorted().toArray();
        double keep = heights.length == 0 ? 0 : 0.5 * heights[heights.length / 2];
        double[] edges = found.stream().filter(f -> f[1] >= keep).mapToDouble(f -> f[0]).toArray();
        if (edges.length < 2) {
            throw new MarkException(String.format(Locale.ROOT,
                    "no PPS edges: %d found; peak level %s, largest one-sample rise %s, noise %s RMS",
                    edges.length, dbfs(peak), dbfs(largestRise), dbfs(noiseRms)),
                    "check that the reference channel carries the GPS receiver's PPS output, at a level well above the noise");
        }
        return edges;
    }

    private static String dbfs(double level) {
        return level <= 0 ? "-inf dBFS" : String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(level));
    }

    /** RMS of one-sample differences from their median absolute value: edges are too rare to matter. */
    private static double differenceNoiseRms(float[] x) {
        int stride = Math.max(1, x.length / 200_000);
        double[] d = new double[(x.length - 1) / stride];
        for (int i = 0; i < d.length; i++) {
            int k = 1 + i * stride;
            d[i] = Math.abs(x[k] - x[k - 1]);
        }
        Arrays.sort(d);
        return d.length == 0 ? 0 : d[d.length / 2] * 1.4826;
    }

    /**
     * Mean of the edges on a grid of 1/{@value #FINE_PER_SAMPLE} sample, index FINE_HALF at each
     * edge's origin; each edge first loses its level before the edge, so slow wander cancels.
     */
    private static double[] learnTemplate(float[] x, double[] origins) {
        double[] template = new double[2 * FINE_HALF + 1];
        int used = 0;
        double[] edge = new double[template.length];
        for (double origin : origins) {
            if (!SincInterpolator.inside(x.length, origin - TEMPLATE_HALF_SAMPLES - 2)
                    || !SincInterpolator.inside(x.length, origin + TEMPLATE_HALF_SAMPLES + 2)) {
                continue;
            }
            for (int i = 0; i < edge.length; i++) {
                edge[i] = SincInterpolator.valueAt(x, origin + (double) (i - FINE_HALF) / FINE_PER_SAMPLE);
            }
            double before = mean(edge, 0, FINE_HALF / 2);
            for (int i = 0; i < edge.length; i++) {
                template[i] += edge[i] - before;
            }
            used++;
        }
        for (int i = 0; i < template.length; i++) {
            template[i] /= used;
        }
        return template;
    }

    /** Fine index where the template crosses halfway between its level before and after the edge. */
    private static double halfwayCrossing(double[] template) {
        // Levels as straight lines through the outer halves, carried to the edge: AC coupling makes
        // the level after the edge droop, and its mean would pull the halfway point early.
        double before = lineAt(template, 0, FINE_HALF / 2, FINE_HALF);
        double after = lineAt(template, template.length - FINE_HALF / 2, template.length, FINE_HALF);
        double half = 0.5 * (before + after);
        int steepest = FINE_HALF;
        for (int i = FINE_HALF - 2 * FINE_PER_SAMPLE; i < FINE_HALF + 2 * FINE_PER_SAMPLE; i++) {
            if (template[i + 1] - template[i] > template[steepest + 1] - template[steepest]) {
                steepest = i;
            }
        }
        int i = steepest;
        while (i > 0 && template[i] > half) {
            i--;
        }
        while (i < template.length - 2 && template[i + 1] <= half) {
            i++;
        }
        return i + (half - template[i]) / (template[i + 1] - template[i]);
    }

    private static double[] matchAll(float[] x, double[] template, double[] origins) {
        double[] refined = new double[origins.length];
        for (int e = 0; e < origins.length; e++) {
            refined[e] = match(x, template, origins[e]);
        }
        return refined;
    }

    /**
     * Template origin of the edge near {@code origin}. At each shift s on the 1/16-sample grid the
     * samples around the edge are regressed on the template shifted by s plus a constant, with
     * weights fixed to the samples (flat, then tapered to zero over the window's outer half); the
     * score is the normalised correlation, and a parabola through the three best places its peak.
     * With weights that do not move with s, a noise-free edge that is the template scores best
     * exactly at its shift, droop and all.
     */
    private static double match(float[] x, double[] template, double origin) {
        int k0 = (int) Math.round(origin);
        double[] score = new double[2 * SEARCH_FINE + 1];
        for (int j = -SEARCH_FINE; j <= SEARCH_FINE; j++) {
            double sw = 0;
            double swx = 0;
            double swt = 0;
            double swtt = 0;
            double swxt = 0;
            for (int i = -MATCH_HALF_SAMPLES; i <= MATCH_HALF_SAMPLES; i++) {
                double u = Math.abs(i) / (double) MATCH_HALF_SAMPLES;
                double w = u <= 0.5 ? 1 : 0.5 * (1 + Math.cos(2 * Math.PI * (u - 0.5)));
                double t = template[i * FINE_PER_SAMPLE - j + FINE_HALF];
                double v = x[k0 + i];
                sw += w;
                swx += w * v;
                swt += w * t;
                swtt += w * t * t;
                swxt += w * v * t;
            }
            double covariance = swxt - swx * swt / sw;
            double variance = swtt - swt * swt / sw;
            score[j + SEARCH_FINE] = covariance / Math.sqrt(variance);
        }
        int best = 1;
        for (int j = 1; j < score.length - 1; j++) {
            if (score[j] > score[best]) {
                best = j;
            }
        }
        double curvature = score[best - 1] - 2 * score[best] + score[best + 1];
        double offset = curvature < 0 ? 0.5 * (score[best - 1] - score[best + 1]) / curvature : 0;
        return k0 + (best - SEARCH_FINE + offset) / FINE_PER_SAMPLE;
    }

    /** Least-squares line through {@code a[from..to)}, evaluated at index {@code at}. */
    private static double lineAt(double[] a, int from, int to, int at) {
        int n = to - from;
        double meanIndex = (from + to - 1) / 2.0;
        double meanValue = mean(a, from, to);
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < to; i++) {
            sxy += (i - meanIndex) * (a[i] - meanValue);
            sxx += (i - meanIndex) * (i - meanIndex);
        }
        return n < 2 ? meanValue : meanValue + sxy / sxx * (at - meanIndex);
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }
}
