package io.tidemark.recorder.health;

import java.util.Optional;

/**
 * Tells when a channel goes silent (dead microphone, unplugged cable, pecked-off capsule): its RMS
 * stays below a threshold for a set time. One per channel, fed every window's level in time order;
 * it answers only the changes, so the caller logs one event per change, not one per window.
 */
public final class SilenceDetector {

    /** A change of a channel's state at {@code atNs} (the time silence began when it turns silent). */
    public record Change(boolean silent, long atNs, double rmsDbfs) {
    }

    private final double thresholdDbfs;
    private final long silentForNs;
    private long quietSinceNs = Long.MIN_VALUE;
    private boolean silent;

    public SilenceDetector(double thresholdDbfs, long silentForNs) {
        if (silentForNs <= 0) {
            throw new IllegalArgumentException("silentForNs must be positive, not " + silentForNs);
        }
        this.thresholdDbfs = thresholdDbfs;
        this.silentForNs = silentForNs;
    }

    /** Feeds the level of the window that ended at {@code endNs}; returns a change of state, if any. */
    public Optional<Change> window(long endNs, double rmsDbfs, long windowNs) {
        if (rmsDbfs < thresholdDbfs) {
            if (quietSinceNs == Long.MIN_VALUE) {
                quietSinceNs = endNs - windowNs;
            }
            if (!silent && endNs - quietSinceNs >= silentForNs) {
                silent = true;
                return Optional.of(new Change(true, quietSinceNs, rmsDbfs));
            }
            return Optional.empty();
        }
        quietSinceNs = Long.MIN_VALUE;
        if (silent) {
            silent = false;
            return Optional.of(new Change(false, endNs - windowNs, rmsDbfs));
        }
        return Optional.empty();
    }

    public boolean silent() {
        return silent;
    }
}
