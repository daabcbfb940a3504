package io.tidemark.recorder.stamp;

import io.tidemark.sync.clock.ClockReading;

/**
 * Notices CLOCK_REALTIME stepping: between two readings, realtime should advance like
 * CLOCK_MONOTONIC_RAW up to a slew (a disciplined clock runs at most 500 ppm off). A larger
 * difference, beyond a 1 ms allowance for read jitter, is a step.
 */
public final class ClockStepDetector {

    static final double MAX_SLEW_PPM = 1000;
    static final long ALLOWANCE_NS = 1_000_000;

    private boolean primed;
    private long lastRealtimeNs;
    private long lastMonoRawNs;

    /** The step seen since the previous reading, in ns (realtime jumped by this much more than raw), or 0. */
    public long stepNs(ClockReading r) {
        long step = 0;
        if (primed) {
            long rawDelta = r.monoRawNs() - lastMonoRawNs;
            long diff = (r.realtimeNs() - lastRealtimeNs) - rawDelta;
            double limit = ALLOWANCE_NS + Math.abs(rawDelta) * MAX_SLEW_PPM * 1e-6;
            if (Math.abs(diff) > limit) {
                step = diff;
            }
        }
        primed = true;
        lastRealtimeNs = r.realtimeNs();
        lastMonoRawNs = r.monoRawNs();
        return step;
    }
}
