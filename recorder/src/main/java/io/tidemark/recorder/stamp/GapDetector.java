package io.tidemark.recorder.stamp;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds lost audio in the stamps. Each stamp is the arrival of its buffer's end plus a
 * non-negative latency, so {@code monoRaw − endSampleIndex / rate} has a lower envelope; when frames
 * are lost (a dropout, an overrun, a device reopen) delivered frames fall behind time and the
 * envelope jumps up by the lost duration for good. Latency only lifts stamps for a while: a single
 * outlier, or a burst of late buffers when the process was descheduled (on a loaded VM, bursts of
 * 0.1–1.7 s are common). Comparing the minimum of the ~5 s of stamps before a buffer with that of the
 * ~5 s from it on tells the two apart as long as a burst is shorter than that window; gaps are
 * reported that late.
 *
 * <p>A gap is claimed only beyond the latency spread actually seen: the envelope can only drop
 * (after-window minimum below the before-window one) when latency lifted a whole window, so the
 * largest such drop of the last ten minutes is added to the threshold. A buffer the device itself
 * flagged (overrun, reopen) is judged against the bare threshold: the device says audio was lost.
 */
public final class GapDetector {

    /** Audio lost just before the buffer {@code firstBufferAfter}. */
    public record Gap(BufferStamp firstBufferAfter, long lostNs, long lostFrames) {
    }

    /** Receives each buffer once it has been judged, with the frames lost before its end. */
    @FunctionalInterface
    public interface SettledListener {
        void settled(BufferStamp stamp, long lostFramesBefore);
    }

    /** Span of each of the two windows compared: longer than the latency bursts of a loaded VM. */
    static final long WINDOW_NS = 5_000_000_000L;
    private static final int MIN_WINDOW_BUFFERS = 8;
    private static final int MAX_WINDOW_BUFFERS = 1000;
    /** The residuals use the nominal rate; a clock off by this much drifts between the windows. */
    private static final double DRIFT_ALLOWANCE = 500e-6;
    /** Envelope drops are remembered per minute, for ten minutes. */
    private static final long DROP_BLOCK_NS = 60_000_000_000L;
    private static final int DROP_BLOCKS = 10;

    private SettledListener settledListener = (s, l) -> { };
    private long settledCount;
    private final double nsPerFrame;
    private final int window;
    private final double floorNs;
    private final BufferStamp[] stamps;
    private final double[] residualNs;
    private final long buffersPerDropBlock;
    private final double[] dropNsByBlock = new double[DROP_BLOCKS];
    private long dropBlock;
    private long count;
    private long lostFramesSoFar;

    /**
     * @param sampleRateHz nominal rate
     * @param bufferFrames frames per buffer: each window spans about 5 s of buffers; the bare
     *                     threshold is a quarter buffer (at least 2 ms) plus 500 ppm of the window
     */
    public GapDetector(int sampleRateHz, int bufferFrames) {
        this.nsPerFrame = 1e9 / sampleRateHz;
        double bufferNs = bufferFrames * nsPerFrame;
        this.window = (int) Math.max(MIN_WINDOW_BUFFERS, Math.min(MAX_WINDOW_BUFFERS, Math.ceil(WINDOW_NS / bufferNs)));
        this.floorNs = Math.max(2_000_000, bufferNs / 4) + DRIFT_ALLOWANCE * window * bufferNs;
        this.stamps = new BufferStamp[2 * window + 2];
        this.residualNs = new double[2 * window + 2];
        this.buffersPerDropBlock = Math.max(1, Math.round(DROP_BLOCK_NS / bufferNs));
    }

    public void onSettled(SettledListener listener) {
        this.settledListener = listener;
    }

    /** Frames lost in all gaps found so far. */
    public long lostFrames() {
        return lostFramesSoFar;
    }

    /** Buffers in each of the two windows compared. */
    public int windowBuffers() {
        return window;
    }

    /** The largest drop of the envelope seen in the last ten minutes: how far latency alone moved it. */
    public long latencySpreadNs() {
        double max = 0;
        for (double d : dropNsByBlock) {
            max = Math.max(max, d);
        }
        return Math.round(max);
    }

    /** Adds the next stamp; returns the gaps now confirmed (usually none). */
    public List<Gap> add(BufferStamp s) {
        return add(s, 0);
    }

    /**
     * Adds the next stamp, before whose end the device measured {@code measuredLostFrames} frames lost
     * (an ALSA overrun, timed by the driver). That gap is returned at once with the measured count,
     * and the envelope is corrected by it, so the stamps do not report the same loss again.
     */
    public List<Gap> add(BufferStamp s, long measuredLostFrames) {
        Gap measured = null;
        if (measuredLostFrames > 0) {
            lostFramesSoFar += measuredLostFrames;
            measured = new Gap(s, Math.round(measuredLostFrames * nsPerFrame), measuredLostFrames);
        }
        List<Gap> found = addStamp(s);
        if (measured == null) {
            return found;
        }
        List<Gap> all = new ArrayList<>(found);
        all.add(0, measured);
        return all;
    }

    private List<Gap> addStamp(BufferStamp s) {
        int slot = slot(count);
        stamps[slot] = s;
        residualNs[slot] = s.monoRawNs() - (s.endSampleIndex() + lostFramesSoFar) * nsPerFrame;
        count++;
        // From buffer 1 on: a before-window shorter than the full one (at the start) can only hide a
        // gap, not fake one; only a short after-window could mistake a burst of latency for lost audio.
        long j = count - window - 1;
        if (j < 1) {
            return List.of();
        }
        List<Gap> found = check(j, count);
        settleThrough(j);
        return found;
    }

    /**
     * At the end of a session: judges the last buffers whose after-window is still whole, and those
     * the device flagged. A burst of late buffers just before the stop cannot be told from lost audio,
     * so unflagged buffers in the last window are not claimed as gaps.
     */
    public List<Gap> finish() {
        List<Gap> all = new ArrayList<>();
        for (long j = Math.max(count - window, 1); j < count; j++) {
            if (count - j >= window || deviceReportedLoss(stamps[slot(j)])) {
                all.addAll(check(j, count));
            }
        }
        settleThrough(count - 1);
        return all;
    }

    private int slot(long k) {
        return (int) (k % stamps.length);
    }

    private void settleThrough(long j) {
        for (; settledCount <= j; settledCount++) {
            settledListener.settled(stamps[slot(settledCount)], lostFramesSoFar);
        }
    }

    private static boolean deviceReportedLoss(BufferStamp s) {
        return s.has(BufferStamp.SUSPECTED_OVERRUN) || s.has(BufferStamp.DEVICE_REOPENED);
    }

    // Step of the envelope at buffer j: [j, j + window) against [j − window, j), within [0, end).
    private double stepAt(long j, long end) {
        if (j >= end) {
            return Double.NEGATIVE_INFINITY;
        }
        double before = Double.POSITIVE_INFINITY;
        for (long k = Math.max(0, Math.max(count - stamps.length, j - window)); k < j; k++) {
            before = Math.min(before, residualNs[slot(k)]);
        }
        double after = Double.POSITIVE_INFINITY;
        for (long k = j; k < Math.min(end, j + window); k++) {
            after = Math.min(after, residualNs[slot(k)]);
        }
        return after - before;
    }

    // Forgets drops older than ten minutes, then notes this one (0 for a rise).
    private void noteDrop(long j, double dropNs) {
        long block = j / buffersPerDropBlock;
        for (; dropBlock < block; dropBlock++) {
            dropNsByBlock[(int) ((dropBlock + 1) % DROP_BLOCKS)] = 0;
        }
        int b = (int) (block % DROP_BLOCKS);
        dropNsByBlock[b] = Math.max(dropNsByBlock[b], dropNs);
    }

    // A gap at j: the step there passes the threshold and is not clearly outdone by the step at j + 1.
    // A latency outlier on the buffer just before a gap makes the step at that buffer partial, short
    // of the full step by the gap less the outlier. The step at j + 1 is never smaller than at a true
    // gap j, and exceeds it by a latency difference when buffer j happened to arrive fastest of its
    // window: that small excess must not move the gap one buffer late.
    private List<Gap> check(long j, long end) {
        double stepNs = stepAt(j, end);
        noteDrop(j, Math.max(0, -stepNs));
        if (stepNs <= 0) {
            return List.of();
        }
        BufferStamp first = stamps[slot(j)];
        double thresholdNs = deviceReportedLoss(first) ? floorNs : floorNs + latencySpreadNs();
        if (stepNs <= thresholdNs || stepAt(j + 1, end) > stepNs + floorNs / 2.0) {
            return List.of();
        }
        long lostFrames = Math.round(stepNs / nsPerFrame);
        lostFramesSoFar += lostFrames;
        // Later residuals were computed without this loss: bring them down to the envelope.
        for (long k = j; k < end; k++) {
            residualNs[slot(k)] -= lostFrames * nsPerFrame;
        }
        return List.of(new Gap(first, Math.round(stepNs), lostFrames));
    }
}
