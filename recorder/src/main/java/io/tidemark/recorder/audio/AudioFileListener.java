package io.tidemark.recorder.audio;

/**
 * What the audio writer tells the session about its files, for the {@code files} table.
 * Paths are relative to the session folder, or absolute for a file in an overflow folder.
 */
public interface AudioFileListener {

    /**
     * A new file exists on disk. Returns once the file is on record, so that no audio goes into a file
     * that a crash would leave unknown to the session.
     */
    void fileOpened(String relativePath, long firstSampleIndex);

    /** Headers now describe {@code frames} frames: everything up to here survives a crash. */
    void fileSynced(String relativePath, long frames);

    /**
     * The file is complete and closed.
     *
     * @param dataSha256 hex SHA-256 of its audio data (the data chunk's bytes), taken as they were
     *                   written; null when the writer could not take it (a sparse or kernel-copied file)
     */
    void fileClosed(String relativePath, long frames, String dataSha256);

    /**
     * From {@code firstSampleIndex} on, files go to {@code folder} (absolute), an overflow folder, because
     * the previous one had too little room. Called before that folder's first {@link #fileOpened}.
     */
    default void folderChanged(String folder, long firstSampleIndex, String reason) {
    }

    AudioFileListener NONE = new AudioFileListener() {
        @Override
        public void fileOpened(String relativePath, long firstSampleIndex) {
        }

        @Override
        public void fileSynced(String relativePath, long frames) {
        }

        @Override
        public void fileClosed(String relativePath, long frames, String dataSha256) {
        }
    };
}
