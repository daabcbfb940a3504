package io.tidemark.sync.time;

/**
 * Runs tasks after a delay on some timebase: the real monotonic clock, or a simulation's true time.
 * Everything periodic in the sync core (NTP polls, servo updates) goes through this, so that the
 * same code runs in real time and in accelerated simulated time.
 */
public interface Scheduler {

    /** Now on this scheduler's timebase, in ns. Only differences are meaningful. */
    long nowNs();

    /** Runs {@code task} once, {@code delayNs} from now. */
    Cancellable schedule(long delayNs, Runnable task);

    /** A scheduled task that can be withdrawn before it runs. */
    interface Cancellable {
        void cancel();
    }
}
