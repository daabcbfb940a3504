package io.tidemark.sync.sim;

import io.tidemark.sync.clock.ClockControl;


/** The simulated kernel: frequency and steps act on a {@link SimulatedSystemClock}. */
public final class SimulatedClockControl implements ClockControl {

    private final SimulatedSystemClock clock;
    private final double maxFrequencyPpm;
    private long steps;

    public SimulatedClockControl(SimulatedSystemClock clock) {
        this(clock, 500.0);
    }

    public SimulatedClockControl(SimulatedSystemClock clock, double maxFrequencyPpm) {
        this.clock = clock;
        this.maxFrequencyPpm = maxFrequencyPpm;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public double frequencyPpm() {
        return clock.frequencyAdjustmentPpm();
    }

    @Override
    public double setFrequencyPpm(double ppm) {
        double clamped = Math.max(-maxFrequencyPpm, Math.min(maxFrequencyPpm, ppm));
        clock.setFrequencyAdjustmentPpm(clamped);
        return clamped;
    }

    @Override
    public void stepNs(long deltaNs) {
        clock.step(deltaNs);
        steps++;
    }

    /** How many steps were applied (tests check that none happened during a recording). */
    public long steps() {
        return steps;
    }

    @Override
    public double maxFrequencyPpm() {
        return maxFrequencyPpm;
    }
}
