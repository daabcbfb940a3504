package io.tidemark.sync.servo;

/**
 * A servo turns timestamp pairs (reference time, local time) into a correction, in the manner of
 * linuxptp's servo interface: feed samples, read the estimate and the state, reset.
 */
public interface Servo {

    /**
     * One measurement: the reference read {@code referenceNs} when the local clock read {@code localNs}.
     * Returns whether the sample was used (false: rejected as a spike).
     */
    boolean sample(long referenceNs, long localNs);

    /** The current estimate of the correction: a frequency (ppm) for a rate servo. */
    double estimatePpm();

    ServoState state();

    /** Forget the measurements. {@code keepEstimate}: a soft reset that keeps the learned frequency. */
    void reset(boolean keepEstimate);
}
