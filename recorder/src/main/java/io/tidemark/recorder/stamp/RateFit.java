package io.tidemark.recorder.stamp;

/**
 * The device's rate as a clock sees it, from stamps that are arrival times: a buffer's end arrives
 * at its true time plus a non-negative latency, so the line sought lies below every point
 * (clock time against frames). Like {@code io.tidemark.sync.fit.LowerEnvelopeFit} (Moon–Skelly–
 * Towsley) it takes the edge of the points' lower convex hull that spans their mean frame count:
 * neither the mean latency nor bursts of late buffers move it, only how stable the minimum latency
 * is. The hull is kept as the points come (Andrew's monotone chain; frames only grow), so months of
 * buffers cost a few hull points, not memory per buffer.
 *
 * <p>Audio lost in a gap shifts everything after it by an estimate; rather than inherit that
 * estimate's error, each gap-free stretch gets its own envelope and the stretches' slopes are
 * averaged with weights of their length squared (an envelope slope's error goes as 1/length).
 * A stretch that the device ended with an overrun or a reopen had a reader falling behind before
 * it (its last stamps are late by up to the device's buffer), so it counts only when it is long
 * enough ({@link #MIN_STRETCH_BEFORE_DEVICE_LOSS_NS}) for that late end not to carry the envelope.
 */
public final class RateFit {

    /** Shortest stretch ended by a device-reported loss that still counts. */
    static final long MIN_STRETCH_BEFORE_DEVICE_LOSS_NS = 60_000_000_000L;

    private final int nominalRateHz;
    private final double nsPerFrame;
    private long points;
    // Closed stretches: Σ weight, Σ weight × slope (slope in ns per frame beyond nominal).
    private double weightSum;
    private double weightedSlopeSum;
    // The current stretch, relative to its first point; y is clock − nominal time of the frames.
    private long stretchLostFrames = Long.MIN_VALUE;
    private long originFrames;
    private long originNs;
    private long stretchPoints;
    private double sumX;
    private double lastX;
    private double[] hullX = new double[64];
    private double[] hullY = new double[64];
    private int hullSize;

    public RateFit(int nominalRateHz) {
        this.nominalRateHz = nominalRateHz;
        this.nsPerFrame = 1e9 / nominalRateHz;
    }

    /**
     * One point: {@code frames} delivered frames had arrived by clock time {@code clockNs}, with
     * {@code lostFramesBefore} frames lost in gaps before them. A new loss starts a new stretch;
     * {@code deviceReportedLoss}: the device flagged this buffer (overrun, reopen).
     */
    public void add(long clockNs, long frames, long lostFramesBefore, boolean deviceReportedLoss) {
        if (lostFramesBefore != stretchLostFrames) {
            closeStretch(!deviceReportedLoss || lastX * nsPerFrame >= MIN_STRETCH_BEFORE_DEVICE_LOSS_NS);
            stretchLostFrames = lostFramesBefore;
            originFrames = frames;
            originNs = clockNs;
        }
        double x = frames - originFrames;
        if (stretchPoints > 0 && x <= lastX) {
            return; // no new frames (an empty read at the end of the input): no new point
        }
        points++;
        stretchPoints++;
        double y = (clockNs - originNs) - x * nsPerFrame;
        sumX += x;
        lastX = x;
        while (hullSize >= 2 && cross(hullSize - 2, hullSize - 1, x, y) <= 0) {
            hullSize--;
        }
        if (hullSize == hullX.length) {
            hullX = java.util.Arrays.copyOf(hullX, hullSize * 2);
            hullY = java.util.Arrays.copyOf(hullY, hullSize * 2);
        }
        hullX[hullSize] = x;
        hullY[hullSize] = y;
        hullSize++;
    }

    public long points() {
        return points;
    }

    /** Frames per second of the clock, or NaN before a stretch has two distinct points. */
    public double rateHz() {
        double w = weightSum;
        double ws = weightedSlopeSum;
        double slope = stretchSlope();
        if (!Double.isNaN(slope)) {
            w += lastX * lastX;
            ws += lastX * lastX * slope;
        }
        return w == 0 ? Double.NaN : 1e9 / (nsPerFrame + ws / w);
    }

    /** (measured / nominal − 1) in ppm: positive when the device runs fast against the clock. */
    public double ratePpm() {
        return (rateHz() / nominalRateHz - 1) * 1e6;
    }

    private void closeStretch(boolean counts) {
        double slope = stretchSlope();
        if (counts && !Double.isNaN(slope)) {
            weightSum += lastX * lastX;
            weightedSlopeSum += lastX * lastX * slope;
        }
        stretchPoints = 0;
        sumX = 0;
        lastX = 0;
        hullSize = 0;
    }

    // Slope (ns per frame beyond nominal) of the hull edge spanning the stretch's mean x; NaN if none.
    private double stretchSlope() {
        if (hullSize < 2) {
            return Double.NaN;
        }
        double meanX = sumX / stretchPoints;
        int lo = 0;
        int hi = hullSize - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (hullX[mid] <= meanX) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (hullY[hi] - hullY[lo]) / (hullX[hi] - hullX[lo]);
    }

    // > 0 when hull points a, b and the new point turn counter-clockwise (the new point keeps b on the hull).
    private double cross(int a, int b, double x, double y) {
        return (hullX[b] - hullX[a]) * (y - hullY[a]) - (hullY[b] - hullY[a]) * (x - hullX[a]);
    }
}
