package io.tidemark.sync.clock;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClockEventTest {

    /** clock_events.kind holds these words; sessions already recorded hold them too. */
    @Test
    void kindsKeepTheTextSessionsStore() {
        assertEquals(List.of("state", "frequency", "slew", "step", "source"),
                Arrays.stream(ClockEvent.Kind.values()).map(ClockEvent.Kind::text).toList());
    }
}
