package io.tidemark.analysis.model;

import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.fit.WindowFit;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits sample index → CLOCK_MONOTONIC_RAW from buffer stamps, streaming, so a 120-day session never
 * sits in memory. A stamp is the arrival of frame {@code sampleIndex + frames} (the end of its
 * buffer) plus a non-negative latency.
 *
 * <p>The session is cut into {@link ClockSegment}s at discontinuities: a device reopen or clock step
 * (stamp flags), a hole in the sample counter, and dropped audio, which shows as the arrival times
 * jumping later by (about) whole buffer lengths and staying there. Within a segment, windows of
 * {@code windowNs} overlapping by half are fitted with the given {@link WindowFit}; each window
 * gives a knot at its mean sample. The knots are then smoothed with a local quadratic over
 * neighbouring windows, which smooths the slowly varying rate, and their scatter about the smooth
 * curve gives each knot's uncertainty.
 */
public final class SampleClockFitter {

    /** Stamps of look-ahead needed before a jump counts as a dropout rather than a latency spike. */
    static final int LOOKAHEAD = 32;

    /** Rank of the residual that measures the density of arrivals at the latency floor. */
    static final int FLOOR_RANK = LowerEnvelopeFit.FLOOR_RANK;

    /**
     * The envelope's mean height above the floor, as a share of {@link Segment#floorBiasNs}'s estimate:
     * simulated hulls of n = 64..1280 points with a density that is flat near the floor (any latency
     * whose density there is not zero looks so at the scale of 1/n) sit 1.8/n above it where the
     * estimate says 2.05/n. Removed from every knot: left in, it made every UTC late by 8 µs at 3 ms of
     * mean latency (1.8 × 3 ms / 640 stamps), the largest error through the recorder.
     */
    static final double FLOOR_BIAS_SHARE = LowerEnvelopeFit.FLOOR_BIAS_SHARE;

    /** What is left of the floor bias after that correction, as a share of it: the density's shape is assumed. */
    static final double FLOOR_BIAS_RESIDUAL_SHARE = 0.2;

    /** Fewest stamps a window should hold: the envelope's error shrinks as 1/n. */
    static final int MIN_WINDOW_STAMPS = 2048;

    private final double nominalNsPerSample;
    private final WindowFit fit;
    private final long halfWindowSamples;
    private final int smoothingHalfWidth;
    /** The fit rests on the lowest arrivals, so its floor bias is known and removed (not for least squares). */
    private final boolean envelope;

    private final List<ClockSegment> segments = new ArrayList<>();

    // Look-ahead queue of stamps not yet committed to a segment.
    private final long[] pendX = new long[LOOKAHEAD];
    private final long[] pendStart = new long[LOOKAHEAD];
    private final long[] pendY = new long[LOOKAHEAD];
    private final int[] pendFlags = new int[LOOKAHEAD];
    private int pendHead;
    private int pendCount;
    private long lastQueuedEnd = Long.MIN_VALUE;
    private final String[] pendBreak = new String[LOOKAHEAD];

    // Current segment.
    private Segment seg;
    private double lastSlope; // ns per sample, carried across segments

    public SampleClockFitter(long sampleRateHz, long windowNs, int smoothingHalfWidth, WindowFit fit) {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sample rate must be positive");
        }
        this.nominalNsPerSample = 1e9 / sampleRateHz;
        this.fit = fit;
        this.halfWindowSamples = Math.max(1, Math.round(windowNs / 2.0 / nominalNsPerSample));
        this.smoothingHalfWidth = smoothingHalfWidth;
        this.lastSlope = nominalNsPerSample;
        this.envelope = fit instanceof LowerEnvelopeFit;
    }

    /** Default settings: 64 s windows, smoothing over ±3 windows. */
    public static SampleClockFitter withDefaults(long sampleRateHz, WindowFit fit) {
        return new SampleClockFitter(sampleRateHz, 64_000_000_000L, 3, fit);
    }

    /**
     * For buffers of {@code bufferFrames}: windows of at least 64 s and at least {@link #MIN_WINDOW_STAMPS}
     * stamps (205 s at 100 ms buffers), smoothing over ±3 windows. A crystal's rate wander of 0.05 ppm/√h
     * bends the curve by well under a µs across such a window; the envelope's noise falls as 1/stamps.
     */
    public static SampleClockFitter forBuffers(long sampleRateHz, int bufferFrames, WindowFit fit) {
        long windowNs = Math.max(64_000_000_000L,
                Math.round(MIN_WINDOW_STAMPS * Math.max(1, bufferFrames) * 1e9 / sampleRateHz));
        return new SampleClockFitter(sampleRateHz, windowNs, 3, fit);
    }

    /**
     * Adds one buffer's stamp, in order.
     *
     * @param sampleIndex index of the buffer's first frame
     * @param frames      frames in the buffer
     * @param monoRawNs   CLOCK_MONOTONIC_RAW read when the read returned
     * @param flags       the store's buffer flags ({@link BufferStamp#flags})
     */
    public void add(long sampleIndex, int frames, long monoRawNs, int flags) {
        long end = sampleIndex + frames;
        String brk = null;
        if ((flags & BufferStamp.DEVICE_REOPENED) != 0) {
            brk = "device reopened";
        } else if ((flags & BufferStamp.CLOCK_STEPPED) != 0) {
            brk = "system clock stepped";
        } else if (lastQueuedEnd != Long.MIN_VALUE && sampleIndex != lastQueuedEnd) {
            brk = "sample counter jumped by " + (sampleIndex - lastQueuedEnd);
        }
        if (lastQueuedEnd != Long.MIN_VALUE && end <= lastQueuedEnd) {
            return; // a duplicate or out-of-order stamp carries no new information
        }
        lastQueuedEnd = end;
        if (pendCount == LOOKAHEAD) {
            commitOldest();
        }
        int slot = (pendHead + pendCount) % LOOKAHEAD;
        pendX[slot] = end;
        pendStart[slot] = sampleIndex;
        pendY[slot] = monoRawNs;
        pendFlags[slot] = flags;
        pendBreak[slot] = brk;
        pendCount++;
    }

    private void commitOldest() {
        int j = pendHead;
        String brk = pendBreak[j];
        // Only with a full look-ahead: at the end of the input the queue drains, and "every remaining
        // stamp is late" over the last few stamps is a latency spike as often as not (with 10 ms of
        // latency on 21 ms buffers, one recording in two split in its last 0.1 s, its last clicks off
        // by a whole jump). A dropout within the last LOOKAHEAD buffers is therefore not detected: those
        // stamps sit above the envelope and the fit ignores them.
        if (brk == null && seg != null && seg.accepted >= LOOKAHEAD && pendCount == LOOKAHEAD) {
            brk = dropoutBefore();
        }
        if (seg == null || brk != null) {
            closeSegment();
            seg = new Segment(pendStart[j], pendX[j], pendY[j], seg == null && segments.isEmpty() ? "start" : brk);
        }
        seg.accept(pendX[j], pendY[j]);
        pendHead = (pendHead + 1) % LOOKAHEAD;
        pendCount--;
    }

    /** If every look-ahead stamp sits well above the segment's recent floor, audio was lost before it. */
    private String dropoutBefore() {
        double threshold = seg.bufferNs() * 0.5;
        double floor = seg.floor();
        if (seg.excess(pendX[pendHead], pendY[pendHead]) - floor <= threshold) {
            return null;
        }
        double minJump = Double.MAX_VALUE;
        for (int k = 0; k < pendCount; k++) {
            int s = (pendHead + k) % LOOKAHEAD;
            minJump = Math.min(minJump, seg.excess(pendX[s], pendY[s]) - floor);
            if (minJump <= threshold) {
                return null;
            }
        }
        double buffers = minJump / seg.bufferNs();
        long whole = Math.round(buffers);
        return whole >= 1 && Math.abs(buffers - whole) < 0.25
                ? "dropout of " + whole + " buffer" + (whole == 1 ? "" : "s")
                : String.format(java.util.Locale.ROOT, "arrival times jumped by %.3f ms", minJump / 1e6);
    }

    /** Ends the input and returns the fitted segments. */
    public List<ClockSegment> finish() {
        while (pendCount > 0) {
            commitOldest();
        }
        closeSegment();
        return List.copyOf(segments);
    }

    private void closeSegment() {
        if (seg != null) {
            segments.add(seg.finish());
            seg = null;
        }
    }

    /** The state of the segment being built. */
    private final class Segment {
        final long firstSample;
        final long originX;
        final long originY;
        final String reason;
        long lastX;
        long accepted;
        double refSlope;
        // Floor of recent excess over the reference line: min of the previous and the current block.
        double blockMin = Double.MAX_VALUE;
        double prevBlockMin = Double.MAX_VALUE;
        int blockCount;
        double sumBufferSamples;
        // Window points: previous half-window and the current one, relative to the segment origin.
        double[] px = new double[256];
        double[] py = new double[256];
        int prevCount;
        int count;
        long blockStartX;
        boolean firstWindowDone;
        // Raw knots.
        final LongList knotX = new LongList();
        final DoubleList knotY = new DoubleList(); // relative to originY
        final DoubleList knotSlope = new DoubleList();
        double sumSq;
        // Squared floor-bias scale of each window (see floorBiasNs), summed.
        double sumFloorBiasSq;
        long floorBiasWindows;
        final double[] lowest = new double[FLOOR_RANK];
        long residualCount;
        double minResidual = Double.MAX_VALUE;

        Segment(long firstSample, long x, long y, String reason) {
            this.firstSample = firstSample;
            this.originX = x;
            this.originY = y;
            this.reason = reason;
            this.refSlope = lastSlope;
            this.blockStartX = x;
        }

        double bufferNs() {
            return accepted > 1 ? sumBufferSamples / (accepted - 1) * refSlope : 1e6;
        }

        double excess(long x, long y) {
            return (y - originY) - (x - originX) * refSlope;
        }

        double floor() {
            return Math.min(blockMin, prevBlockMin);
        }

        void accept(long x, long y) {
            if (accepted > 0) {
                sumBufferSamples += x - lastX;
            }
            double e = excess(x, y);
            blockMin = Math.min(blockMin, e);
            if (++blockCount == LOOKAHEAD) {
                prevBlockMin = blockMin;
                blockMin = Double.MAX_VALUE;
                blockCount = 0;
            }
            lastX = x;
            accepted++;
            if (x - blockStartX >= halfWindowSamples && count > 0) {
                fitWindow();
                // The current half becomes the previous one.
                System.arraycopy(px, prevCount, px, 0, count);
                System.arraycopy(py, prevCount, py, 0, count);
                prevCount = count;
                count = 0;
                blockStartX = x;
            }
            int n = prevCount + count;
            if (n == px.length) {
                px = java.util.Arrays.copyOf(px, n * 2);
                py = java.util.Arrays.copyOf(py, n * 2);
            }
            px[n] = x - originX;
            py[n] = y - originY;
            count++;
        }

        void fitWindow() {
            int n = prevCount + count;
            if (n == 0) {
                return;
            }
            double x0 = px[0];
            double y0 = py[0];
            // Fit in window-relative coordinates for numerical headroom.
            double[] wx = new double[n];
            double[] wy = new double[n];
            double sumX = 0;
            for (int i = 0; i < n; i++) {
                wx[i] = px[i] - x0;
                wy[i] = py[i] - y0;
                sumX += wx[i];
            }
            WindowFit.Line line = fit.fit(wx, wy, n);
            double slope = Double.isNaN(line.slope()) ? refSlope : line.slope();
            double intercept = Double.isNaN(line.slope()) ? wy[0] : line.intercept();
            int from = firstWindowDone ? prevCount : 0;
            for (int i = from; i < n; i++) {
                double r = wy[i] - (intercept + slope * wx[i]);
                sumSq += r * r;
                minResidual = Math.min(minResidual, r);
                residualCount++;
            }
            double floorBias = 0;
            if (n > FLOOR_RANK && !Double.isNaN(line.slope())) {
                double b = floorBiasNs(wx, wy, n, intercept, slope);
                floorBias = envelope ? FLOOR_BIAS_SHARE * b : 0;
                sumFloorBiasSq += b * b;
                floorBiasWindows++;
            }
            firstWindowDone = true;
            double meanX = sumX / n;
            long kx = originX + Math.round(x0 + meanX);
            double ky = y0 + intercept + slope * (kx - originX - x0) - floorBias;
            if (knotX.size() == 0 || kx > knotX.get(knotX.size() - 1)) {
                knotX.add(kx);
                knotY.add(ky);
                knotSlope.add(slope);
            }
            if (!Double.isNaN(line.slope())) {
                // Re-express the floor against the new reference line, at the newest stamp.
                double shift = -(lastX - originX) * (slope - refSlope);
                if (blockMin != Double.MAX_VALUE) {
                    blockMin += shift;
                }
                if (prevBlockMin != Double.MAX_VALUE) {
                    prevBlockMin += shift;
                }
                refSlope = slope;
                lastSlope = slope;
            }
        }

        /**
         * How far above the latency floor an envelope through {@code n} points is expected to sit. The
         * line rests on the lowest arrivals, and the lowest of n draws lies above the floor by about one
         * spacing of the lowest order statistics, 1/(n·density at the floor); the edge through two such
         * points at the mean x, about two. The density at the floor comes from the data: FLOOR_RANK − 2
         * residuals (the two support points sit at 0) lie below the FLOOR_RANK-th smallest residual h,
         * so one spacing ≈ h / (FLOOR_RANK − 2). Scatter between windows cannot show this bias, since
         * every window shares its sign; it is an uncertainty of the floor, not a correction.
         */
        private double floorBiasNs(double[] wx, double[] wy, int n, double intercept, double slope) {
            return LowerEnvelopeFit.floorBias(wx, wy, n, intercept, slope, lowest);
        }

        ClockSegment finish() {
            if (count > 0) {
                fitWindow();
            }
            long endSample = lastX;
            double rms = residualCount > 0 ? Math.sqrt(sumSq / residualCount) : 0;
            double minLat = residualCount > 0 ? minResidual : 0;
            KnotCurve curve = smooth(rms);
            return new ClockSegment(firstSample, endSample, reason, accepted, rms, minLat, curve);
        }

        private KnotCurve smooth(double stampRms) {
            int m = knotX.size();
            long[] xs = new long[m];
            long[] ys = new long[m];
            double[] sig = new double[m];
            double[] smoothY = new double[m];
            for (int i = 0; i < m; i++) {
                smoothY[i] = localQuadratic(i);
            }
            double scatter = 0;
            for (int i = 0; i < m; i++) {
                double d = knotY.get(i) - smoothY[i];
                scatter += d * d;
            }
            int k = Math.min(smoothingHalfWidth, (m - 1) / 2);
            double sigma;
            if (m >= 5) {
                // Scatter of the window knots about the smooth curve, shrunk by the knots averaged
                // (neighbouring windows share half their points, hence the halving).
                double perKnot = Math.sqrt(scatter / (m - 3));
                sigma = perKnot / Math.sqrt(Math.max(1.0, (2 * k + 1) / 2.0));
            } else {
                sigma = stampRms; // too few windows to measure scatter: the latency spread is the honest bound
            }
            // The floor bias is common to neighbouring windows, so smoothing does not shrink it.
            double floorBias = floorBiasWindows > 0
                    ? (envelope ? FLOOR_BIAS_RESIDUAL_SHARE : 1) * Math.sqrt(sumFloorBiasSq / floorBiasWindows) : 0;
            sigma = Math.hypot(sigma, floorBias);
            double slopeSigma = slopeScatter();
            for (int i = 0; i < m; i++) {
                xs[i] = knotX.get(i);
                ys[i] = originY + Math.round(smoothY[i]);
                sig[i] = Math.max(1.0, sigma);
            }
            if (m == 1) {
                double slope = knotSlope.get(0);
                return KnotCurve.line(xs[0], ys[0], slope, sig[0], Math.max(slopeSigma, slope * 1e-4));
            }
            return new KnotCurve(xs, ys, sig, slopeSigma);
        }

        private double slopeScatter() {
            int m = knotSlope.size();
            if (m < 3) {
                return nominalNsPerSample * 1e-4; // a rate known to no better than ~100 ppm
            }
            double mean = 0;
            for (int i = 0; i < m; i++) {
                mean += knotSlope.get(i);
            }
            mean /= m;
            double v = 0;
            for (int i = 0; i < m; i++) {
                double d = knotSlope.get(i) - mean;
                v += d * d;
            }
            return Math.sqrt(v / (m - 1));
        }

        /** Local quadratic least squares over ±k knots (fewer at the ends), evaluated at knot i. */
        private double localQuadratic(int i) {
            int m = knotX.size();
            int k = Math.min(smoothingHalfWidth, (m - 1) / 2);
            if (k < 1) {
                return knotY.get(i);
            }
            int lo = Math.max(0, i - k);
            int hi = Math.min(m - 1, i + k);
            if (hi - lo < 2 * k) {
                if (lo == 0) {
                    hi = Math.min(m - 1, lo + 2 * k);
                } else {
                    lo = Math.max(0, hi - 2 * k);
                }
            }
            long xc = knotX.get(i);
            double yc = knotY.get(i);
            double scale = Math.max(1, knotX.get(hi) - knotX.get(lo));
            // Normal equations for y = a + b t + c t², t = (x - xc)/scale.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
            for (int j = lo; j <= hi; j++) {
                double t = (knotX.get(j) - xc) / scale;
                double y = knotY.get(j) - yc;
                double tt = t * t;
                s0 += 1;
                s1 += t;
                s2 += tt;
                s3 += tt * t;
                s4 += tt * tt;
                t0 += y;
                t1 += y * t;
                t2 += y * tt;
            }
            int pts = hi - lo + 1;
            if (pts < 3) {
                return yc;
            }
            double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
            if (Math.abs(det) < 1e-300) {
                return yc;
            }
            double a = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
            return yc + a;
        }
    }

    /** Growable primitive lists (no boxing on the 10^8-stamp path). */
    static final class LongList {
        private long[] a = new long[64];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }

    static final class DoubleList {
        private double[] a = new double[64];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }
}
