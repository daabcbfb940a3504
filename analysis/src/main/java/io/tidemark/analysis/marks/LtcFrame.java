package io.tidemark.analysis.marks;

/**
 * One decoded LTC frame.
 *
 * @param mark              its start (the transition that begins bit 0) and the UTC it asserts
 * @param timecode          its label
 * @param bitPeriodSamples  length of one bit, from the line through all its transitions
 * @param transitionRmsNs   RMS distance of its transitions from that line: how clean the edges are
 */
public record LtcFrame(ReferenceMark mark, LtcTimecode timecode, double bitPeriodSamples, double transitionRmsNs) {
}
