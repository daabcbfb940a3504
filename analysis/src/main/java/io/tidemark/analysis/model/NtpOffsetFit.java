package io.tidemark.analysis.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits CLOCK_MONOTONIC_RAW → UTC from NTP exchanges (every valid one, not only those the live client kept).
 * A server change starts a new segment. Inside a segment, knots every {@code halfWindowNs / 8} take a local
 * weighted straight line through the exchanges within ± {@code halfWindowNs}: only the faster half by
 * round-trip delay (a queued packet's offset is off by up to half its extra delay), each weighted by
 * 1/σ² with σ = its delay above the window's fastest / √12 (the error is uniform within ± half that
 * excess) and tricube-weighted by distance, with a second pass without points more than 4 robust sigmas
 * off. The knot's uncertainty is the standard error of that local line (scaled by the points' own χ²)
 * and the rate wander a line cannot follow; half the smallest delay bounds what a constant path asymmetry
 * could add and is reported apart ({@link UtcSegment#minDelayNs()}), not hidden in the sigma.
 */
public final class NtpOffsetFit {

    /** The unmodelled wander of a workstation crystal's rate used for extrapolation: 0.01 ppm. */
    static final double WANDER_SLOPE_SIGMA = 1e-8;
    static final int MIN_POINTS = 8;
    /** No exchange is taken as better than 1 µs: server timestamping and precision. */
    static final double MIN_SIGMA_NS = 1_000;

    /**
     * The random walk of a workstation crystal's rate that a local line cannot follow: 0.01 ppm/√h,
     * as a variance of the rate per second. It makes a knot's value wrong by more than the noise of
     * its exchanges, and the same for every exchange near it, so averaging does not remove it.
     */
    static final double WANDER_RATE_VARIANCE_PER_S = 1e-8 * 1e-8 / 3600;

    /** Knots per half window: close enough that the curve between two knots follows the wander. */
    static final int KNOTS_PER_HALF_WINDOW = 8;

    private final long halfWindowNs;

    public NtpOffsetFit(long halfWindowNs) {
        this.halfWindowNs = halfWindowNs;
    }

    /** ± 1024 s windows: about 1000 exchanges at a steady 16 s poll in bursts of 8 (half of them fast enough). */
    public static NtpOffsetFit withDefaults() {
        return new NtpOffsetFit(1_024_000_000_000L);
    }

    /**
     * The audio's sample clock seen from CLOCK_MONOTONIC_RAW (the stored sample-clock fit): the other clock that can
     * carry time across an NTP outage.
     */
    public interface AudioClock {
        /** The sample position at {@code rawNs}, or NaN where no audio was recorded. */
        double samplePositionAt(long rawNs);

        /** Which unbroken stretch of audio (clock segment) holds {@code rawNs}, or -1. */
        int stretchAt(long rawNs);
    }

    /** Fits the points (any order); a change of source starts a new segment. Outages are bridged on the raw clock. */
    public List<UtcSegment> fit(List<NtpPoint> points) {
        return fit(points, null);
    }

    /**
     * Fits the points (any order); a change of source starts a new segment. An outage is bridged on whichever of the
     * raw clock and {@code audio} (may be null) changed its rate less across it.
     */
    public List<UtcSegment> fit(List<NtpPoint> points, AudioClock audio) {
        NtpPoint[] sorted = points.toArray(new NtpPoint[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.rawMidNs(), b.rawMidNs()));
        List<UtcSegment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || !sorted[i].server().equals(sorted[start].server())) {
                out.add(fitSegment(Arrays.copyOfRange(sorted, start, i), audio));
                start = i;
            }
        }
        return out;
    }

    private UtcSegment fitSegment(NtpPoint[] p, AudioClock audio) {
        int n = p.length;
        long baseOffset = p[0].offsetNs();
        long minDelay = Long.MAX_VALUE;
        for (NtpPoint q : p) {
            minDelay = Math.min(minDelay, q.delayNs());
        }
        long first = p[0].rawMidNs();
        long last = p[n - 1].rawMidNs();
        if (n == 1 || last == first) {
            // One instant: no rate. A raw crystal is within ~100 ppm of true; say so in the slope sigma.
            long offset = p[0].offsetNs();
            double sigma = Math.max(1.0, p[0].delayNs() / 2.0);
            return new UtcSegment(p[0].server(), first, last, n, 1, minDelay, 0, KnotCurve.line(first, offset, 0, sigma, 1e-4));
        }
        long step = Math.max(1, halfWindowNs / KNOTS_PER_HALF_WINDOW);
        int knots = (int) Math.min(Integer.MAX_VALUE - 1, (last - first + step - 1) / step + 1);
        long[] kx = new long[knots];
        long[] ky = new long[knots];
        double[] ks = new double[knots];
        boolean[] empty = new boolean[knots];
        int outage = 0; // the last exchange at or before the knot
        double maxSlopeSigma = 0;
        double sumSq = 0;
        int used = 0;
        boolean[] everUsed = new boolean[n];
        int lo = 0;
        int hi = 0;
        double[] rel = new double[n];
        double[] off = new double[n];
        for (int i = 0; i < n; i++) {
            off[i] = p[i].offsetNs() - baseOffset;
        }
        for (int k = 0; k < knots; k++) {
            long r = k == knots - 1 ? last : first + k * step;
            while (lo < n && p[lo].rawMidNs() < r - halfWindowNs) {
                lo++;
            }
            while (hi < n && p[hi].rawMidNs() <= r + halfWindowNs) {
                hi++;
            }
            while (outage + 1 < n && p[outage + 1].rawMidNs() <= r) {
                outage++;
            }
            if (outage + 1 < n && p[outage + 1].rawMidNs() - p[outage].rawMidNs() > halfWindowNs
                    && r > p[outage].rawMidNs() && k > 0 && k < knots - 1) {
                // Between two exchanges more than a window apart (an outage): bridged below, from the knots on
                // either side, which rest on exchanges on both of their sides.
                empty[k] = true;
                kx[k] = r;
                continue;
            }
            int a = Math.min(lo, n - 1);
            int b = Math.max(hi, a + 1);
            // Too few points: widen to the MIN_POINTS nearest.
            while (b - a < Math.min(MIN_POINTS, n)) {
                if (a == 0) {
                    b++;
                } else if (b == n) {
                    a--;
                } else if (r - p[a - 1].rawMidNs() < p[b].rawMidNs() - r) {
                    a--;
                } else {
                    b++;
                }
            }
            LocalLine line = localLine(p, off, rel, a, b, r, everUsed);
            kx[k] = r;
            ky[k] = baseOffset + Math.round(line.value);
            ks[k] = Math.max(1.0, line.valueSigma);
            if (k == 0 || k == knots - 1) {
                maxSlopeSigma = Math.max(maxSlopeSigma, line.slopeSigma);
            }
        }
        bridgeOutages(kx, ky, ks, empty, audio);
        // Residuals of every point against the finished curve, for the report.
        KnotCurve curve = new KnotCurve(kx, ky, ks, Math.hypot(maxSlopeSigma, WANDER_SLOPE_SIGMA));
        for (int i = 0; i < n; i++) {
            if (everUsed[i]) {
                double e = p[i].offsetNs() - curve.valueAt(p[i].rawMidNs());
                sumSq += e * e;
                used++;
            }
        }
        return new UtcSegment(p[0].server(), first, last, n, used, minDelay, used > 0 ? Math.sqrt(sumSq / used) : 0, curve);
    }

    /**
     * Knots in an outage (between two exchanges more than a window apart) are bridged from the knots on either side of it: extrapolating
     * one side's local line for hours would be off by seconds. The bridge is a straight line in one of two clocks:
     * <ul>
     * <li>the raw clock: the offset moves linearly in raw time across the outage;</li>
     * <li>the audio's sample clock: UTC moves linearly in sample position (the device's rate between the two sides,
     * as between two marks), when one unbroken stretch of audio spans the outage.</li>
     * </ul>
     * It takes the clock whose rate against UTC changed less from one side to the other (a Zoom F8n Pro's TCXO
     * wanders far less than a Raspberry Pi's crystal; a cheap interface may not). The knots' uncertainty adds what a
     * straight bridge cannot follow: the crystal random walk ({@link #WANDER_RATE_VARIANCE_PER_S}), σ² = q·(l·r/(l+r))³
     * for a knot l after the last exchange and r before the next one (~0.5 ms in the middle of 24 h), and the rate
     * change seen across the outage, Δ·l·r/(2(l+r)) (the chord's error under a steady change).
     */
    private static void bridgeOutages(long[] kx, long[] ky, double[] ks, boolean[] empty, AudioClock audio) {
        int k = 1;
        while (k < kx.length - 1) {
            if (!empty[k]) {
                k++;
                continue;
            }
            int left = k - 1;
            int right = k;
            while (empty[right]) {
                right++;
            }
            boolean sides = left >= 1 && right + 1 < kx.length;
            // The raw clock's rate against UTC on either side: 1 + the offset's slope.
            double rawChange = sides ? slope(kx, ky, right, right + 1) - slope(kx, ky, left - 1, left) : Double.NaN;
            double audioChange = Double.NaN;
            double sLeft = Double.NaN;
            double sRight = Double.NaN;
            if (sides && audio != null) {
                int stretch = audio.stretchAt(kx[left - 1]);
                if (stretch >= 0 && stretch == audio.stretchAt(kx[right + 1])) {
                    double s0 = audio.samplePositionAt(kx[left - 1]);
                    sLeft = audio.samplePositionAt(kx[left]);
                    sRight = audio.samplePositionAt(kx[right]);
                    double s3 = audio.samplePositionAt(kx[right + 1]);
                    // UTC ns per sample on either side, from the same knots: its relative change is the device's.
                    double before = ((kx[left] - kx[left - 1]) + (ky[left] - ky[left - 1])) / (sLeft - s0);
                    double after = ((kx[right + 1] - kx[right]) + (ky[right + 1] - ky[right])) / (s3 - sRight);
                    audioChange = (after - before) / (0.5 * (after + before));
                }
            }
            boolean onAudio = Double.isFinite(audioChange) && Math.abs(audioChange) <= Math.abs(rawChange);
            double change = onAudio ? Math.abs(audioChange) : Double.isFinite(rawChange) ? Math.abs(rawChange) : 0;
            long rawSpanNs = kx[right] - kx[left];
            long utcSpanNs = rawSpanNs + (ky[right] - ky[left]);
            for (int i = k; i < right; i++) {
                double f = (kx[i] - kx[left]) / (double) rawSpanNs;
                double along = onAudio ? (audio.samplePositionAt(kx[i]) - sLeft) / (sRight - sLeft) : f;
                // UTC − raw at the knot, in differences from the left knot (UTC itself would not fit a double)
                ky[i] = ky[left] + Math.round(along * utcSpanNs - (kx[i] - kx[left]));
                double l = (kx[i] - kx[left]) / 1e9;
                double r = (kx[right] - kx[i]) / 1e9;
                double walkNs = 1e9 * Math.sqrt(WANDER_RATE_VARIANCE_PER_S * Math.pow(l * r / (l + r), 3));
                double chordNs = 1e9 * change * l * r / (2 * (l + r));
                ks[i] = Math.hypot(Math.hypot(ks[left] * (1 - f) + ks[right] * f, walkNs), chordNs);
            }
            k = right + 1;
        }
    }

    private static double slope(long[] kx, long[] ky, int a, int b) {
        return (double) (ky[b] - ky[a]) / (double) (kx[b] - kx[a]);
    }

    private record LocalLine(double value, double valueSigma, double slopeSigma) {
    }

    private static LocalLine localLine(NtpPoint[] p, double[] off, double[] rel, int a, int b, long r, boolean[] everUsed) {
        int m = b - a;
        long[] delays = new long[m];
        for (int i = 0; i < m; i++) {
            delays[i] = p[a + i].delayNs();
        }
        Arrays.sort(delays);
        // The delay filter: the faster half. A queue only adds delay, so the slower half carries the most error.
        long delayCut = delays[Math.max(0, (m + 1) / 2 - 1)];
        long minDelay = delays[0];
        // The least delay has some queueing in it too: the spread of the best few is the floor of any point's error.
        double floorNs = Math.max(MIN_SIGMA_NS, (delays[Math.min(m - 1, 3)] - minDelay) / 2.0);
        double span = 1;
        for (int i = a; i < b; i++) {
            rel[i] = (p[i].rawMidNs() - r) / 1e9; // seconds from the knot
            span = Math.max(span, Math.abs(rel[i]));
        }
        span *= 1.001;
        boolean[] keep = new boolean[m];
        double[] sigma = new double[m];
        for (int i = 0; i < m; i++) {
            keep[i] = p[a + i].delayNs() <= delayCut;
            // An exchange e slower than the fastest is off by up to ±e/2 (whichever way the queue was):
            // uniform, so σ = e/√12. Weighting by 1/σ² lets the near-fastest exchanges of every burst count.
            double excess = p[a + i].delayNs() - minDelay;
            sigma[i] = Math.hypot(floorNs, excess / Math.sqrt(12));
        }
        double[] fit = weightedLine(off, rel, a, keep, sigma, span);
        // Second pass: drop points beyond 4 robust sigmas (in units of each point's own sigma).
        double[] absZ = new double[m];
        int kept = 0;
        for (int i = 0; i < m; i++) {
            if (keep[i]) {
                absZ[kept++] = Math.abs(off[a + i] - (fit[0] + fit[1] * rel[a + i])) / sigma[i];
            }
        }
        Arrays.sort(absZ, 0, kept);
        double mad = kept > 0 ? absZ[kept / 2] * 1.4826 : 0;
        double limit = Math.max(4 * mad, 3);
        int still = 0;
        for (int i = 0; i < m; i++) {
            if (keep[i] && Math.abs(off[a + i] - (fit[0] + fit[1] * rel[a + i])) / sigma[i] > limit) {
                keep[i] = false;
            }
            if (keep[i]) {
                still++;
            }
        }
        if (still >= 2) {
            fit = weightedLine(off, rel, a, keep, sigma, span);
        }
        for (int i = 0; i < m; i++) {
            if (keep[i]) {
                everUsed[a + i] = true;
            }
        }
        return new LocalLine(fit[0], Math.hypot(fit[2], fit[4]), fit[3] * 1e-9);
    }

    /**
     * Weighted least squares a + b·t, weights tricube(distance) / σᵢ²; returns {a, b, sigma(a), sigma(b) per s,
     * sigma(a) from rate wander}. The sigmas are Σ cᵢ² σᵢ² scaled by the points' own χ² per degree of
     * freedom, so a wrong guess of the σᵢ scale does not make the claim wrong.
     */
    private static double[] weightedLine(double[] off, double[] rel, int a, boolean[] keep, double[] sigma, double span) {
        double sw = 0, st = 0, sy = 0;
        int m = keep.length;
        double[] w = new double[m];
        int kept = 0;
        for (int i = 0; i < m; i++) {
            if (!keep[i]) {
                continue;
            }
            kept++;
            double u = Math.abs(rel[a + i]) / span;
            double c = 1 - u * u * u;
            w[i] = Math.max(1e-6, c * c * c) / (sigma[i] * sigma[i]);
            sw += w[i];
            st += w[i] * rel[a + i];
            sy += w[i] * off[a + i];
        }
        double mt = st / sw;
        double my = sy / sw;
        double stt = 0, sty = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] > 0) {
                double dt = rel[a + i] - mt;
                stt += w[i] * dt * dt;
                sty += w[i] * dt * (off[a + i] - my);
            }
        }
        double slope = stt > 0 ? sty / stt : 0;
        double intercept = my - slope * mt; // value at t = 0, the knot
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] > 0) {
                double z = (off[a + i] - (intercept + slope * rel[a + i])) / sigma[i];
                chi2 += z * z;
            }
        }
        double scale2 = kept > 2 ? chi2 / (kept - 2) : 1;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] > 0) {
                double ci = interceptWeight(rel[a + i], w[i], sw, mt, stt);
                double di = stt > 0 ? w[i] * (rel[a + i] - mt) / stt : 0;
                double v = sigma[i] * sigma[i] * scale2;
                varA += ci * ci * v;
                varB += di * di * v;
            }
        }
        double sigmaSlope = stt > 0 ? Math.sqrt(varB) : 1e5;
        return new double[]{intercept, slope, Math.sqrt(varA), sigmaSlope, wanderSigmaNs(rel, a, w, sw, mt, stt)};
    }

    /**
     * The standard error that rate wander gives the fitted value at t = 0. The value is Σ c_i y(t_i)
     * with the intercept's weights c_i, which pass any straight line unchanged; so only the phase
     * that the wander adds beyond the tangent at 0 matters, y(t) = ∫₀ᵗ (rate(s) − rate(0)) ds. For a
     * rate random walk of variance q per second, Cov(y(t), y(u)) = q (m³/3 + m² (M − m)/2) with
     * m, M the smaller and larger of |t|, |u| on the same side of 0, and 0 across it.
     *
     * <p>The double sum Σ_i Σ_j c_i c_j Cov is taken in O(n), not O(n²) (over 120 days that was 10^9
     * terms): on each side of 0 the points are visited from the farthest in, and each pairs with all
     * farther ones through two running sums, Σ c_j and Σ c_j |t_j|, since for |t_i| ≤ |t_j| the
     * covariance is q (|t_i|² |t_j| / 2 − |t_i|³ / 6). The points are sorted by t.
     */
    static double wanderSigmaNs(double[] rel, int a, double[] w, double sw, double mt, double stt) {
        int m = w.length;
        double var = 0;
        double sumC = 0;
        double sumCt = 0;
        for (int i = m - 1; i >= 0 && rel[a + i] > 0; i--) {
            double c = interceptWeight(rel[a + i], w[i], sw, mt, stt);
            var += pairedWithFarther(rel[a + i], c, sumC, sumCt);
            sumC += c;
            sumCt += c * rel[a + i];
        }
        sumC = 0;
        sumCt = 0;
        for (int i = 0; i < m && rel[a + i] < 0; i++) {
            double c = interceptWeight(rel[a + i], w[i], sw, mt, stt);
            double t = -rel[a + i];
            var += pairedWithFarther(t, c, sumC, sumCt);
            sumC += c;
            sumCt += c * t;
        }
        return Math.sqrt(Math.max(0, var * WANDER_RATE_VARIANCE_PER_S)) * 1e9;
    }

    /** The weight of a point in the fitted value at t = 0 (the weighted line's intercept). */
    private static double interceptWeight(double t, double w, double sw, double mt, double stt) {
        return w == 0 ? 0 : w / sw - (stt > 0 ? mt * w * (t - mt) / stt : 0);
    }

    /** c Cov(t, t) c plus twice c Cov(t, u) c_u summed over the farther points u, without the factor q. */
    private static double pairedWithFarther(double t, double c, double sumC, double sumCt) {
        double t2 = t * t;
        double t3 = t2 * t;
        return c * (c * t3 / 3 + t2 * sumCt - t3 / 3 * sumC);
    }
}
