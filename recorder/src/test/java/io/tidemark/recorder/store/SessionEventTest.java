package io.tidemark.recorder.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The events table's kinds are stored as the text docs/schema.md lists; the enum must not change them. */
class SessionEventTest {

    @Test
    void kindsAreStoredAsTheDocumentedText() {
        assertEquals(List.of("session_started", "session_stopped", "device_opened", "device_closed", "device_lost",
                        "device_reopened", "overrun", "gap", "disk_low", "disk_full", "clock_step", "ntp_server_change",
                        "file_repaired", "folder_changed", "channel_silent", "channel_sound", "channel_clipping",
                        "channel_clipping_end", "device_absent", "time_source_lost", "time_source_back", "user_stop", "error"),
                Arrays.stream(SessionEvent.Kind.values()).map(k -> k.text).toList());
        for (SessionEvent.Kind k : SessionEvent.Kind.values()) {
            assertEquals(k, SessionEvent.Kind.of(k.text));
        }
    }

    @Test
    void anUnknownStoredKindIsNamedInTheError() {
        var e = assertThrows(IllegalArgumentException.class, () -> SessionEvent.Kind.of("gaps"));
        assertEquals("unknown event kind 'gaps'", e.getMessage());
    }
}
