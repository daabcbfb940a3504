package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BextChunkTest {

    private static final Path FILE = Path.of("x.wav");

    @Test
    void fixedPartIs602BytesAndFieldsSitWhereTech3285PutsThem() {
        TimeReference ref = TimeReference.of(1_795_290_000_123_456_789L, 48_000);
        BextChunk b = BextChunk.forRecording(ref, "rec_20261121T194000Z_0001", new CaptureFormat(8, 48_000, 24), "1.2");
        byte[] body = b.body();
        assertEquals(602 + b.codingHistory().length(), body.length);
        ByteBuffer bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("2026-11-21", new String(body, 320, 10));
        assertEquals("19:40:00", new String(body, 330, 8));
        long low = Integer.toUnsignedLong(bb.getInt(338));
        long high = Integer.toUnsignedLong(bb.getInt(342));
        assertEquals(ref.samplesSinceMidnight(), (high << 32) | low);
        assertEquals(2, bb.getShort(346));
        assertEquals(0x7FFF, bb.getShort(412)); // loudness not measured
        assertTrue(b.description().contains("2026-11-21T19:40:00.123457Z UTC"), b.description());
        assertTrue(b.description().contains("live estimate"));
        assertTrue(b.description().length() <= 256);
        assertTrue(b.codingHistory().startsWith("A=PCM,F=48000,W=24,"));
        assertTrue(b.codingHistory().endsWith("\r\n"));
    }

    @Test
    void parsesWhatItBuilds() {
        TimeReference ref = TimeReference.of(1_795_300_000_000_000_000L, 192_000);
        BextChunk b = BextChunk.forRecording(ref, "ref", new CaptureFormat(2, 192_000, 32), "1.2");
        BextChunk back = BextChunk.parse(FILE, ByteBuffer.wrap(b.body()));
        assertEquals(b, back);
    }

    @Test
    void aShortChunkIsAOneLineError() {
        BwfFormatException e = assertThrows(BwfFormatException.class,
                () -> BextChunk.parse(FILE, ByteBuffer.allocate(100)));
        assertTrue(e.oneLine().startsWith("x.wav: bext chunk is 100 bytes"), e.oneLine());
        assertEquals(-1, e.oneLine().indexOf('\n'));
    }
}
