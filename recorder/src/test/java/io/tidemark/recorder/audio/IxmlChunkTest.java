package io.tidemark.recorder.audio;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IxmlChunkTest {

    private static final Path FILE = Path.of("x.wav");

    @Test
    void roundTripsAndCarriesTheSpeedBlock() {
        long tr = 86_399L * 192_000 + 5; // needs the HI word
        IxmlChunk x = new IxmlChunk("Baltic <array> & co", "20261121T193000Z-sim", "rec", "3", "note", "UID-1",
                192_000, 24, 192_007, tr, 192_000, List.of("Mic 1", "Mic 2"));
        String xml = x.toXml();
        assertTrue(xml.contains("<FILE_SAMPLE_RATE>192000</FILE_SAMPLE_RATE>"));
        assertTrue(xml.contains("<AUDIO_BIT_DEPTH>24</AUDIO_BIT_DEPTH>"));
        assertTrue(xml.contains("<DIGITIZER_SAMPLE_RATE>192007</DIGITIZER_SAMPLE_RATE>"));
        assertTrue(xml.contains("<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>3</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>"));
        assertTrue(xml.contains("<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>" + (tr & 0xFFFFFFFFL) + "<"));
        assertTrue(xml.contains("<TIMESTAMP_SAMPLE_RATE>192000</TIMESTAMP_SAMPLE_RATE>"));
        assertTrue(xml.contains("&lt;array&gt; &amp; co"));
        byte[] padded = (xml + "      \0").getBytes(StandardCharsets.UTF_8);
        assertEquals(x, IxmlChunk.parse(FILE, padded));
    }

    @Test
    void unknownTimestampIsOmitted() {
        IxmlChunk x = new IxmlChunk("p", null, null, null, null, null, 48_000, 16, 48_000, -1, 48_000, List.of("a"));
        assertTrue(!x.toXml().contains("TIMESTAMP_SAMPLES"));
        assertEquals(-1, IxmlChunk.parse(FILE, x.toBytes()).timestampSamplesSinceMidnight());
    }

    @Test
    void badXmlIsAOneLineError() {
        BwfFormatException e = assertThrows(BwfFormatException.class,
                () -> IxmlChunk.parse(FILE, "<BWFXML><SPEED>".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.oneLine().startsWith("x.wav: iXML chunk is not well-formed XML"), e.oneLine());
        assertEquals(-1, e.oneLine().indexOf('\n'));
        assertThrows(BwfFormatException.class, () -> IxmlChunk.parse(FILE,
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><BWFXML>&e;</BWFXML>".getBytes(StandardCharsets.UTF_8)));
    }
}
