package io.tidemark.recorder.stamp;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds lost audio in the stamps. Each stamp is the arrival of its buffer's end plus a
 * non-negative latency, so {@code monoRaw − endSampleIndex / rate} has a stable lower envelope;
 * when frames are lost (a dropout, an overrun, a device reopen) delivered frames fall behind time
 * and the envelope jumps up by the lost duration for good. A latency outlier only lifts single
 * stamps, which the minimum over a window ignores. Comparing the minimum of the {@code window}
 * stamps before a buffer with that of the {@code window} from it on tells the two apart, at the
 * cost of reporting a gap {@code window} buffers late.
 */
public final class GapDetector {

    /** Audio lost just before the buffer that starts at {@code sampleIndex}. */
    public record Gap(BufferStamp firstBufferAfter, long lostNs, long lostFrames) {
    }

    /** Receives each buffer once it has been judged, with the frames lost before its end. */
    @FunctionalInterface
    public interface SettledListener {
        void settled(BufferStamp stamp, long lostFramesBefore);
    }

    private SettledListener settledListener = (s, l) -> { };
    private long settledCount;
    private final double nsPerFrame;
    private final int window;
    private final long thresholdNs;
    private final BufferStamp[] stamps;
    private final double[] residualNs;
    private long count;
    private long lostFramesSoFar;

    /**
     * @param sampleRateHz nominal rate
     * @param bufferFrames frames per buffer: the window spans about one second of buffers, the
     *                     threshold is a quarter buffer (at least 2 ms)
     */
    public GapDetector(int sampleRateHz, int bufferFrames) {
        this.nsPerFrame = 1e9 / sampleRateHz;
        double bufferNs = bufferFrames * nsPerFrame;
        this.window = (int) Math.max(4, Math.min(200, Math.ceil(1e9 / bufferNs)));
        this.thresholdNs = (long) Math.max(2_000_000, bufferNs / 4);
        this.stamps = new BufferStamp[2 * window + 2];
        this.residualNs = new double[2 * window + 2];
    }

    public void onSettled(SettledListener listener) {
        this.settledListener = listener;
    }

    /** Frames lost in all gaps found so far. */
    public long lostFrames() {
        return lostFramesSoFar;
    }

    /** Adds the next stamp; returns the gaps now confirmed (usually none). */
    public List<Gap> add(BufferStamp s) {
        int slot = (int) (count % stamps.length);
        stamps[slot] = s;
        residualNs[slot] = s.monoRawNs() - (s.endSampleIndex() + lostFramesSoFar) * nsPerFrame;
        count++;
        long j = count - window - 1;
        if (j < window) {
            return List.of();
        }
        List<Gap> found = check(j, count);
        settleThrough(j);
        return found;
    }

    private void settleThrough(long j) {
        for (; settledCount <= j; settledCount++) {
            settledListener.settled(stamps[(int) (settledCount % stamps.length)], lostFramesSoFar);
        }
    }

    /** At the end of a session: judges the last buffers with the shorter windows there are. */
    public List<Gap> finish() {
        List<Gap> all = new ArrayList<>();
        for (long j = Math.max(count - window, window); j < count; j++) {
            all.addAll(check(j, count));
        }
        settleThrough(count - 1);
        return all;
    }

    // Step of the envelope at buffer j: [j, j + window) against [j − window, j), within [0, end).
    private double stepAt(long j, long end) {
        if (j >= end) {
            return Double.NEGATIVE_INFINITY;
        }
        double before = Double.POSITIVE_INFINITY;
        for (long k = Math.max(0, Math.max(count - stamps.length, j - window)); k < j; k++) {
            before = Math.min(before, residualNs[(int) (k % stamps.length)]);
        }
        double after = Double.POSITIVE_INFINITY;
        for (long k = j; k < Math.min(end, j + window); k++) {
            after = Math.min(after, residualNs[(int) (k % stamps.length)]);
        }
        return after - before;
    }

    // A gap at j: the step there passes the threshold and is not clearly outdone by the step at j + 1.
    // A latency outlier on the buffer just before a gap makes the step at that buffer partial, short
    // of the full step by the gap less the outlier. The step at j + 1 is never smaller than at a true
    // gap j, and exceeds it by a latency difference when buffer j happened to arrive fastest of its
    // window: that small excess must not move the gap one buffer late.
    private List<Gap> check(long j, long end) {
        double stepNs = stepAt(j, end);
        if (stepNs <= thresholdNs || stepAt(j + 1, end) > stepNs + thresholdNs / 2.0) {
            return List.of();
        }
        long lostFrames = Math.round(stepNs / nsPerFrame);
        lostFramesSoFar += lostFrames;
        // Later residuals were computed without this loss: bring them down to the envelope.
        for (long k = j; k < end; k++) {
            residualNs[(int) (k % stamps.length)] -= lostFrames * nsPerFrame;
        }
        return List.of(new Gap(stamps[(int) (j % stamps.length)], Math.round(stepNs), lostFrames));
    }
}
