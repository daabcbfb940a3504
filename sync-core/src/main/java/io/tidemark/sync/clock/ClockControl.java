package io.tidemark.sync.clock;

/**
 * The operating system's clock-steering knobs behind one small interface (chrony's "clock
 * driver"): the frequency adjustment of CLOCK_REALTIME and a step. Phase is slewed by the engine
 * through the frequency, so every implementation slews the same bounded way.
 * Implementations: {@link LinuxClockControl}, {@link WindowsClockControl}, {@code sim.SimulatedClockControl}.
 */
public interface ClockControl {

    /** What this steers, for messages ("linux clock_adjtime(CLOCK_REALTIME)", "simulated"). */
    String name();

    /** The frequency adjustment in force, ppm (positive: the clock runs faster than its oscillator). */
    double frequencyPpm();

    /** Sets the frequency adjustment, clamped to ±{@link #maxFrequencyPpm()}; returns what was set. */
    double setFrequencyPpm(double ppm);

    /** Steps CLOCK_REALTIME by {@code deltaNs} (positive: forward). Never used while recording. */
    void stepNs(long deltaNs);

    /** The largest frequency adjustment the clock accepts, ppm. */
    double maxFrequencyPpm();
}
