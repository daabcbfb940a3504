package io.tidemark.analysis.integrity;

/**
 * One audio file checked against the SHA-256 its session stored when it closed.
 *
 * @param session        the session folder's name
 * @param path           the file, relative to the session folder
 * @param status         what the check found
 * @param expectedSha256 the digest on record (null when none)
 * @param actualSha256   the digest of the data read now (null when it could not be read)
 * @param detail         one line for a person
 */
public record FileCheck(String session, String path, Status status, String expectedSha256, String actualSha256,
                        String detail) {

    public enum Status {
        /** The audio data is what was recorded. */
        MATCH,
        /** The audio data differs from what was recorded. */
        MISMATCH,
        /** The file is not there. */
        MISSING,
        /** The file is there but not a readable WAV/RF64 (its header is damaged). */
        UNREADABLE,
        /** Readable, but nothing to compare with: the file was repaired after a crash, or recorded before digests. */
        NO_DIGEST;

        /** A status that means the copy or the recording is damaged or incomplete. */
        public boolean problem() {
            return this == MISMATCH || this == MISSING || this == UNREADABLE;
        }
    }
}
