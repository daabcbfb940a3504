package io.tidemark.recorder.session;

import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

/**
 * The audio writer's reports into the session database: files into the {@code files} table (the store
 * itself), and a move to an overflow folder as a {@code folder_changed} event stamped by the session's clock.
 */
public final class StoreFileListener implements AudioFileListener {

    private final TimestampStore store;
    private final SystemClock clock;

    public StoreFileListener(TimestampStore store, SystemClock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void fileOpened(String relativePath, long firstSampleIndex) {
        store.fileOpened(relativePath, firstSampleIndex);
    }

    @Override
    public void fileSynced(String relativePath, long frames) {
        store.fileSynced(relativePath, frames);
    }

    @Override
    public void fileClosed(String relativePath, long frames, String dataSha256) {
        store.fileClosed(relativePath, frames, dataSha256);
    }

    @Override
    public void folderChanged(String folder, long firstSampleIndex, String reason) {
        ClockReading r = clock.read();
        store.addEvent(new SessionEvent(r.realtimeNs(), r.monoRawNs(), firstSampleIndex,
                SessionEvent.Kind.FOLDER_CHANGED, reason, null));
    }
}
