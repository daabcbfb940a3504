package io.tidemark.app.record;

import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record assembly without picocli, as a service will drive it: options in code, stopped from another thread. */
class RecordingTest {

    @Test
    void recordsUntilStoppedFromAnotherThread(@TempDir Path out) throws Exception {
        RecordOptions o = new RecordOptions();
        o.device = "sim";
        o.channels = 2;
        o.rateHz = 48_000;
        o.bits = 16;
        o.out = out.toString(); // no duration: until stopped
        List<String> notices = new CopyOnWriteArrayList<>();
        ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor();
        try (Recording recording = Recording.start(o, notices::add)) {
            assertTrue(Files.isDirectory(recording.dir()), "the session exists once started");
            stopper.schedule(recording::stop, 1500, TimeUnit.MILLISECONDS);
            Recording.Result result = recording.run();
            assertEquals(RecordingSession.StopReason.INTERRUPTED, result.outcome().stopReason());
            assertEquals(recording.dir(), result.dir());
            try (SessionReader r = SessionReader.open(result.dir())) {
                assertEquals(RecordingSession.StopReason.INTERRUPTED.dbName(), r.session().stopReason());
                assertTrue(r.frames() >= 48_000, "about 1.5 s recorded: " + r.frames());
                assertEquals(r.frames(), result.outcome().frames());
            }
        } finally {
            stopper.shutdownNow();
        }
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("recording 2 ch, 48000 Hz, 16-bit from sim into ")),
                notices.toString());
        assertFalse(notices.stream().anyMatch(n -> n.startsWith("tidemark: ")), "the caller adds its own prefix");
    }
}
