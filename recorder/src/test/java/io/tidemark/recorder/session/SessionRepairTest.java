package io.tidemark.recorder.session;

import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionRepairTest {

    @Test
    void aCrashedSessionIsFinishedAndAnAudioFileTheDatabaseDoesNotKnowIsReportedAndLeftAlone(@TempDir Path dir)
            throws Exception {
        SessionInfo info = new SessionInfo("s1", "sim", 8, 48_000, 24, 4800, "host", "test", "{}", true,
                1_700_000_000_000_000_000L, 5_000_000_000L, null, null, null);
        try (TimestampStore store = TimestampStore.create(dir, info)) {
            store.fileOpened("known.wav", 0);
            store.addBuffer(new BufferStamp(0, 0, 4800, 1_700_000_000_100_000_000L, 5_100_000_000L, null, null, 0));
            // No sessionStopped: what a kill -9 leaves.
        }
        byte[] stranger = "not ours".getBytes();
        Files.write(dir.resolve("stranger.wav"), stranger);

        List<SessionRepair.Repaired> repaired = SessionRepair.repair(dir);

        assertEquals(List.of(new SessionRepair.Repaired(dir.getFileName().toString(), "known.wav", 0, 0)), repaired, "the known file, missing");
        assertArrayEquals(stranger, Files.readAllBytes(dir.resolve("stranger.wav")), "the unknown file is untouched");
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals("crashed", r.session().stopReason());
            assertEquals(List.of("known.wav"), r.files().stream().map(FileRow::path).toList());
            assertEquals(FileRow.REPAIRED, r.files().get(0).status());
            assertTrue(r.events().stream().anyMatch(e -> e.kind().equals(SessionEvent.Kind.ERROR)
                    && e.detail().startsWith("stranger.wav: audio file not in the files table")), r.events().toString());
        }
    }
}
