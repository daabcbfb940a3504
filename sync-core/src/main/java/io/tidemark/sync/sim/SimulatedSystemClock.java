package io.tidemark.sync.sim;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

/**
 * A simulated workstation clock pair on a {@link SimTimeline}. CLOCK_MONOTONIC_RAW is a free-running
 * {@link Oscillator}; CLOCK_REALTIME is derived from it the way the kernel does: an offset plus the
 * raw clock scaled by a frequency adjustment, which a (simulated) discipline may change or step.
 */
public final class SimulatedSystemClock implements SystemClock {

    private final SimTimeline timeline;
    private final Oscillator raw;
    // realtime = anchorRealNs + (raw - anchorRawNs) * (1 + freqAdjPpm * 1e-6)
    private long anchorRawNs;
    private long anchorRealNs;
    private double freqAdjPpm;

    /**
     * @param offsetNs             CLOCK_REALTIME minus true UTC at the start
     * @param ratePpm              the oscillator's frequency error (the system clock drifts this fast)
     * @param wanderPpmPerSqrtHour random-walk wander of that rate
     */
    public SimulatedSystemClock(SimTimeline timeline, long offsetNs, double ratePpm, double wanderPpmPerSqrtHour,
                                long seed) {
        this.timeline = timeline;
        long start = timeline.nowNs();
        // An uptime-like origin for the raw clock, unrelated to UTC, as on a real machine.
        long rawStart = 86_400_000_000_000L + (seed & 0xFFFF) * 1_000_000_000L;
        this.raw = new Oscillator(start, rawStart, ratePpm, wanderPpmPerSqrtHour, seed);
        this.anchorRawNs = rawStart;
        this.anchorRealNs = start + offsetNs;
    }

    public SimTimeline timeline() {
        return timeline;
    }

    @Override
    public long realtimeNs() {
        return realtimeNsAt(timeline.nowNs());
    }

    @Override
    public long monoRawNs() {
        return monoRawNsAt(timeline.nowNs());
    }

    @Override
    public ClockReading read() {
        return readingAt(timeline.nowNs());
    }

    public long monoRawNsAt(long trueNs) {
        return raw.localNsAt(trueNs);
    }

    public long realtimeNsAt(long trueNs) {
        return realtimeFromRaw(raw.localNsAt(trueNs));
    }

    public ClockReading readingAt(long trueNs) {
        long r = raw.localNsAt(trueNs);
        return new ClockReading(realtimeFromRaw(r), r);
    }

    private long realtimeFromRaw(long rawNs) {
        long d = rawNs - anchorRawNs;
        return anchorRealNs + d + Math.round(d * freqAdjPpm * 1e-6);
    }

    /** The kernel's frequency adjustment, ppm, applied from now on. */
    public void setFrequencyAdjustmentPpm(double ppm) {
        reanchor();
        freqAdjPpm = ppm;
    }

    public double frequencyAdjustmentPpm() {
        return freqAdjPpm;
    }

    /** Steps CLOCK_REALTIME by {@code deltaNs} now; the raw clock is untouched, as in the kernel. */
    public void step(long deltaNs) {
        reanchor();
        anchorRealNs += deltaNs;
    }

    private void reanchor() {
        long r = raw.localNsAt(timeline.nowNs());
        anchorRealNs = realtimeFromRaw(r);
        anchorRawNs = r;
    }

    /** CLOCK_REALTIME minus true time, now: the error a discipline is meant to remove. */
    public long errorNs() {
        return realtimeNs() - timeline.nowNs();
    }
}
