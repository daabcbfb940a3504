package io.tidemark.analysis.marks;

import java.util.Set;

/**
 * One reference mark found in a recorded channel: the instant of a PPS rising edge or of an LTC
 * frame start, where it sits in the recording, and the UTC it asserts.
 *
 * @param kind            what made the mark
 * @param positionSamples fractional sample index of the mark in the recording (sample k is sampled at k)
 * @param utcNs           the UTC the mark asserts
 * @param residualNs      how far the mark lies from the straight line through its neighbours
 *                        (up to five on each side, flagged ones left out), in time; NaN with fewer
 *                        than two such neighbours
 * @param flags           what is wrong with it relative to the previous good mark; empty when nothing
 */
public record ReferenceMark(Kind kind, double positionSamples, long utcNs, double residualNs, Set<Flag> flags) {

    /** The reference signal a mark comes from. */
    public enum Kind { PPS, LTC }

    /** What a mark's spacing from the previous good mark says. */
    public enum Flag {
        /** One or more expected marks before this one are absent. */
        MISSING_BEFORE,
        /** Its distance from the previous good mark does not match the time between their UTCs. */
        MISALIGNED,
        /**
         * Audio was lost since the previous mark (the sample axis steps against UTC, and the marks after it agree
         * with this one): it starts a new stretch, and no sample's UTC is interpolated across the step.
         */
        AFTER_LOST_AUDIO
    }

    public ReferenceMark {
        flags = Set.copyOf(flags);
    }

    /** Whether the mark can be used as a time reference (it is not misaligned). */
    public boolean usable() {
        return !flags.contains(Flag.MISALIGNED);
    }
}
