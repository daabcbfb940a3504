package io.tidemark.sync.ntp;

import io.tidemark.common.Json;
import io.tidemark.sync.ntp.NtpClientStatus.SourceState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpClientStatusTest {

    @Test
    void sourceStatesReadAsChronysWordsInTextAndJson() {
        assertEquals(List.of("selected", "candidate", "falseticker", "unsynchronised", "unreachable", "denied", "new"),
                Arrays.stream(SourceState.values()).map(SourceState::toString).toList());
        String json = Json.write(new NtpClientStatus.Source("10.0.0.1:123", SourceState.DENIED, 6, 0, 1, "GPS", 0,
                0, 0, 0, 0, 1, "DENY"));
        assertTrue(json.contains("\"state\" : \"denied\""), json);
    }
}
