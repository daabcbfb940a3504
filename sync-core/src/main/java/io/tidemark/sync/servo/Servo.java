package io.tidemark.sync.servo;

/**
 * A servo turns timestamp pairs (reference time, local time) into a correction, in the manner of
 * linuxptp's servo interface: feed samples, read the estimate, its quality and the state, reset.
 * {@link RateServo} is the one the sync engine holds, through this interface only. {@link PhaseServo}
 * is not one: its input is an NTP offset with its delay, and its output a PI loop's slew and integral.
 */
public interface Servo {

    /**
     * One measurement: the reference read {@code referenceNs} when the local clock read {@code localNs}.
     * Returns whether the sample was used (false: rejected as a spike).
     */
    boolean sample(long referenceNs, long localNs);

    /** Whether {@link #estimatePpm()} is an estimate yet (a kept one counts) rather than 0. */
    boolean hasEstimate();

    /** The current estimate of the correction: a frequency (ppm) for a rate servo. */
    double estimatePpm();

    /** Standard error of {@link #estimatePpm()}, ppm (infinite while acquiring). */
    double standardErrorPpm();

    /**
     * How many filtered points the estimate rests on (a rate servo: closed buckets). The estimate can only
     * have moved when this or {@link #state()} changed, so a caller need not act on every sample.
     */
    int buckets();

    /** Samples rejected as spikes since the start. */
    long spikes();

    ServoState state();

    /** Forget the measurements. {@code keepEstimate}: a soft reset that keeps the learned frequency. */
    void reset(boolean keepEstimate);
}
