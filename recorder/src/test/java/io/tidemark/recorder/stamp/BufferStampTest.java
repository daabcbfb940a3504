package io.tidemark.recorder.stamp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stored vocabulary of a stamp's flags: the bits, the sync-state codes in bits 8..11 and their
 * names, as session databases and stored time models hold them.
 */
class BufferStampTest {

    @Test
    void flagBitsAndSyncStateCodesAreTheStoredValues() {
        assertEquals(0x1, BufferStamp.SUSPECTED_OVERRUN);
        assertEquals(0x2, BufferStamp.DEVICE_REOPENED);
        assertEquals(0x4, BufferStamp.CLOCK_STEPPED);
        int flags = BufferStamp.withSyncState(BufferStamp.CLOCK_STEPPED, BufferStamp.SyncState.HOLDOVER);
        assertEquals(0x304, flags);
        assertEquals(3, BufferStamp.syncStateCode(flags));
        assertEquals(16, BufferStamp.SYNC_STATE_CODES);
        BufferStamp s = new BufferStamp(0, 0, 480, 1, 1, null, null, flags);
        assertEquals(BufferStamp.SyncState.HOLDOVER, s.syncState());
        assertTrue(s.has(BufferStamp.CLOCK_STEPPED));
    }

    @Test
    void syncStateTextsAreTheStoredNamesAndAnUnknownCodeIsNamedByNumber() {
        assertEquals("none", BufferStamp.SyncState.textOf(0));
        assertEquals("ntp", BufferStamp.SyncState.textOf(1));
        assertEquals("ptp-locked", BufferStamp.SyncState.textOf(2));
        assertEquals("holdover", BufferStamp.SyncState.textOf(3));
        assertEquals("state 9", BufferStamp.SyncState.textOf(BufferStamp.syncStateCode(0x900)));
    }
}
