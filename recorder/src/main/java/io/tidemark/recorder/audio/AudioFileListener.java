package io.tidemark.recorder.audio;

/**
 * What the audio writer tells the session about its files, for the {@code files} table.
 * Paths are relative to the session folder.
 */
public interface AudioFileListener {

    /**
     * A new file exists on disk. Returns once the file is on record, so that no audio goes into a file
     * that a crash would leave unknown to the session.
     */
    void fileOpened(String relativePath, long firstSampleIndex);

    /** Headers now describe {@code frames} frames: everything up to here survives a crash. */
    void fileSynced(String relativePath, long frames);

    void fileClosed(String relativePath, long frames);

    AudioFileListener NONE = new AudioFileListener() {
        @Override
        public void fileOpened(String relativePath, long firstSampleIndex) {
        }

        @Override
        public void fileSynced(String relativePath, long frames) {
        }

        @Override
        public void fileClosed(String relativePath, long frames) {
        }
    };
}
