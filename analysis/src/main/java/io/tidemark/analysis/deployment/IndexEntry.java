package io.tidemark.analysis.deployment;

/**
 * One audio file of a deployment as {@code tidemark index} lists it.
 *
 * @param path               as stored in the files table (relative to the session folder, or absolute)
 * @param firstSample        the session sample index of the file's first frame
 * @param firstUtcNs         UTC ns of its first sample
 * @param lastUtcNs          UTC ns of its last sample
 * @param uncertaintyNs      1-sigma uncertainty of those instants (the larger of the two), ns
 * @param timeSource         {@link SessionTimes#MODEL} or {@link SessionTimes#LIVE}
 * @param dataSha256         the SHA-256 of its audio data taken as it was written, or null
 * @param status             the files table's status (closed, recording, repaired)
 */
public record IndexEntry(String session, String path, long firstSample, long frames, long firstUtcNs, long lastUtcNs,
                         long uncertaintyNs, String timeSource, String dataSha256, String status) {
}
