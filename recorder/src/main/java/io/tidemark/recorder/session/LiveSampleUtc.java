package io.tidemark.recorder.session;

import io.tidemark.recorder.audio.SampleUtc;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.sync.fit.LeastSquaresFit;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.fit.WindowFit;

import java.util.OptionalLong;

/**
 * The live estimate of a sample's UTC, for file headers (BWF TimeReference) and for where files are cut on the
 * UTC grid. It has the stored model's shape, from the past only: sample index → CLOCK_MONOTONIC_RAW by the lower
 * envelope ({@link LowerEnvelopeFit}) of the last {@value #WINDOW_POINTS} seconds of buffer stamps, composed with
 * CLOCK_MONOTONIC_RAW → UTC from the stamps' reference (NTP time if there is one, else the system clock), whose
 * drift is a least-squares line ({@link LeastSquaresFit}) over the same points. So the buffer-delivery jitter
 * (~ms), which the newest stamp alone carries, is gone, and what is left is how the live NTP estimate differs
 * from the fit made afterwards.
 *
 * Like the stored model it takes off the envelope's expected height above the latency floor.
 *
 * <p>Cheap enough for the capture loop: per buffer a few comparisons; once per second of audio one point (that
 * second's earliest arrival against the current line) joins a ring of {@value #WINDOW_POINTS}, the two fits
 * run over the ring (O(n), no allocation but the published estimate) and the result is published for readers
 * on other threads. A reopened or overrun device, a hole in the sample index, or arrivals that stay later
 * than the line by half a buffer (dropped audio) start the ring afresh; until {@value #MIN_FIT_POINTS} points
 * are in, the estimate is the newest stamp stepped back at the nominal rate, as before the fit.
 *
 * <p>{@link #update} belongs to the capture thread; {@link #utcNsOfSample} may be called from any thread.
 */
public final class LiveSampleUtc implements SampleUtc {

    /** Seconds of stamps fitted: long enough that the envelope rests on the latency floor, short enough to follow drift. */
    static final int WINDOW_POINTS = 300;
    /** Points (seconds) before the fit replaces the newest stamp. */
    static final int MIN_FIT_POINTS = 10;
    /** Consecutive stamps later than the line by half a buffer that mean audio was dropped. */
    private static final int LATE_STAMPS_FOR_RESET = 8;

    /**
     * raw(s) = baseRawNs + (s − baseSample)·nsPerFrame; utc = raw + offsetNs + offsetSlope·(raw − offsetRawNs).
     */
    private record Estimate(long baseSample, double baseRawNs, double nsPerFrame, long offsetRawNs, long offsetNs,
                            double offsetSlope) {
        long utcNsOf(long sampleIndex) {
            double raw = baseRawNs + (sampleIndex - baseSample) * nsPerFrame;
            // The offset (~1.7e18 ns) stays integral: a double holds UTC ns only to 256 ns.
            return Math.round(raw + offsetSlope * (raw - offsetRawNs)) + offsetNs;
        }
    }

    private final double nominalNsPerFrame;
    private final long pointFrames;
    private final LowerEnvelopeFit envelope = new LowerEnvelopeFit();
    private final LeastSquaresFit leastSquares = new LeastSquaresFit();

    // The ring of points: one per second of audio, that second's earliest arrival.
    private final long[] pointSample = new long[WINDOW_POINTS];
    private final long[] pointRawNs = new long[WINDOW_POINTS];
    private final long[] pointOffsetNs = new long[WINDOW_POINTS];
    private final double[] fitX = new double[WINDOW_POINTS];
    private final double[] fitY = new double[WINDOW_POINTS];
    private final double[] lowest = new double[LowerEnvelopeFit.FLOOR_RANK];
    private int newest = -1;
    private int count;
    /** Of the newest points, how many share the reference (NTP or system clock) and no clock step. */
    private int offsetCount;
    private boolean lastUsedNtp;

    // The second being gathered.
    private long pointEndSample = Long.MIN_VALUE;
    private boolean havePending;
    private long pendingSample;
    private long pendingRawNs;
    private long pendingOffsetNs;
    private double pendingResidualNs;

    private long expectedSampleIndex = Long.MIN_VALUE;
    private int lateStamps;
    /** The current fit's rate, ns per frame: the residual a second's earliest arrival is chosen by. */
    private double fittedNsPerFrame;
    private long baseSample;
    private double baseRawNs;

    private volatile Estimate estimate;

    public LiveSampleUtc(int sampleRateHz) {
        this.nominalNsPerFrame = 1e9 / sampleRateHz;
        this.pointFrames = sampleRateHz;
        this.fittedNsPerFrame = nominalNsPerFrame;
    }

    /** Takes the stamp of the buffer just read (capture thread). */
    public void update(BufferStamp s) {
        boolean useNtp = s.ntpTimeNs() != null;
        long utc = useNtp ? s.ntpTimeNs() : s.sysRealtimeNs();
        long x = s.endSampleIndex();
        long rawNs = s.monoRawNs();
        long offsetNs = utc - rawNs;
        if (s.sampleIndex() != expectedSampleIndex || s.has(BufferStamp.DEVICE_REOPENED)
                || s.has(BufferStamp.SUSPECTED_OVERRUN)) {
            restart();
        } else if (useNtp != lastUsedNtp || s.has(BufferStamp.CLOCK_STEPPED)) {
            offsetCount = 0; // the offset line starts again; the sample clock's does not
            if (havePending) { // keep the pending point's offset on the new reference
                pendingOffsetNs = offsetNs;
            }
        }
        lastUsedNtp = useNtp;
        expectedSampleIndex = x;
        if (count >= MIN_FIT_POINTS && isDroppedAudio(x, rawNs, s.frames())) {
            restart();
        }
        if (pointEndSample == Long.MIN_VALUE) {
            pointEndSample = x + pointFrames;
        }
        double residualNs = rawNs - x * fittedNsPerFrame;
        if (!havePending || residualNs < pendingResidualNs) {
            havePending = true;
            pendingSample = x;
            pendingRawNs = rawNs;
            pendingOffsetNs = offsetNs;
            pendingResidualNs = residualNs;
        }
        if (x >= pointEndSample) {
            addPoint(pendingSample, pendingRawNs, pendingOffsetNs);
            havePending = false;
            pointEndSample = x + pointFrames;
            if (count >= MIN_FIT_POINTS) {
                refit(offsetNs, rawNs);
                return;
            }
        }
        if (count < MIN_FIT_POINTS) {
            // Warming up: the newest stamp, as before the fit (a few seconds' worth of small allocations).
            estimate = new Estimate(x, rawNs, nominalNsPerFrame, rawNs, offsetNs, 0);
        }
    }

    @Override
    public OptionalLong utcNsOfSample(long sampleIndex) {
        Estimate e = estimate;
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.utcNsOf(sampleIndex));
    }

    /** Arrivals that stay half a buffer above the line: the sample counter lost audio the device did not report. */
    private boolean isDroppedAudio(long x, long rawNs, int frames) {
        Estimate e = estimate;
        double lineRawNs = e.baseRawNs + (x - e.baseSample) * e.nsPerFrame;
        if (rawNs - lineRawNs > 0.5 * frames * nominalNsPerFrame) {
            return ++lateStamps >= LATE_STAMPS_FOR_RESET;
        }
        lateStamps = 0;
        return false;
    }

    private void restart() {
        count = 0;
        newest = -1;
        offsetCount = 0;
        havePending = false;
        pointEndSample = Long.MIN_VALUE;
        lateStamps = 0;
        fittedNsPerFrame = nominalNsPerFrame;
    }

    private void addPoint(long sample, long rawNs, long offsetNs) {
        newest = (newest + 1) % WINDOW_POINTS;
        pointSample[newest] = sample;
        pointRawNs[newest] = rawNs;
        pointOffsetNs[newest] = offsetNs;
        count = Math.min(count + 1, WINDOW_POINTS);
        offsetCount = Math.min(offsetCount + 1, count);
    }

    /**
     * The sample clock: the lower envelope of each half of the ring gives a knot at that half's mean sample
     * (where the envelope is best, a µs or so above the floor), and the line through the two knots is
     * extrapolated from the newer one. One envelope over the whole ring would be as good at its middle but
     * carry its slope's error (the hull edge there may be short) over half a window to now: tens of µs.
     */
    private void refit(long latestOffsetNs, long latestRawNs) {
        int oldest = Math.floorMod(newest - count + 1, WINDOW_POINTS);
        long x0 = pointSample[oldest];
        long y0 = pointRawNs[oldest];
        int older = count / 2;
        double kxA = 0;
        double kyA = 0;
        for (int half = 0; half < 2; half++) {
            int from = half == 0 ? 0 : older;
            int n = half == 0 ? older : count - older;
            double sumX = 0;
            for (int i = 0; i < n; i++) {
                int k = (oldest + from + i) % WINDOW_POINTS;
                long dx = pointSample[k] - x0;
                fitX[i] = dx;
                // Residuals from the nominal rate keep the numbers small; the envelope is unchanged by that shear.
                fitY[i] = (pointRawNs[k] - y0) - dx * nominalNsPerFrame;
                sumX += dx;
            }
            double meanX = sumX / n;
            WindowFit.Line line = envelope.fit(fitX, fitY, n);
            double knotY = line.at(meanX);
            if (n > LowerEnvelopeFit.FLOOR_RANK) {
                // As the stored model does: the envelope sits above the floor by ~2/(n·density); a fit of the
                // first minute's few points would otherwise be ~10 µs late.
                knotY -= LowerEnvelopeFit.FLOOR_BIAS_SHARE
                        * LowerEnvelopeFit.floorBias(fitX, fitY, n, line.intercept(), line.slope(), lowest);
            }
            if (half == 0) {
                kxA = meanX;
                kyA = knotY;
            } else {
                double slope = (knotY - kyA) / (meanX - kxA);
                fittedNsPerFrame = nominalNsPerFrame + slope;
                baseSample = x0 + Math.round(meanX);
                baseRawNs = y0 + (baseSample - x0) * nominalNsPerFrame + knotY + slope * (baseSample - x0 - meanX);
            }
        }
        double offsetSlope = 0;
        if (offsetCount >= 2) {
            // The offset's drift: least squares, as its points carry no one-sided latency.
            int first = Math.floorMod(newest - offsetCount + 1, WINDOW_POINTS);
            long r0 = pointRawNs[first];
            long o0 = pointOffsetNs[first];
            for (int i = 0; i < offsetCount; i++) {
                int k = (first + i) % WINDOW_POINTS;
                fitX[i] = pointRawNs[k] - r0;
                fitY[i] = pointOffsetNs[k] - o0;
            }
            offsetSlope = leastSquares.fit(fitX, fitY, offsetCount).slope();
            if (!Double.isFinite(offsetSlope)) {
                offsetSlope = 0;
            }
        }
        // The offset itself is the newest stamp's: the reference is a fitted clock already, and it moves (slews).
        estimate = new Estimate(baseSample, baseRawNs, fittedNsPerFrame, latestRawNs, latestOffsetNs, offsetSlope);
    }
}
