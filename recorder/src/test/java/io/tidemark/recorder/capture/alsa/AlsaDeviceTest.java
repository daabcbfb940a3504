package io.tidemark.recorder.capture.alsa;

import io.tidemark.recorder.capture.CaptureException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ALSA backend's arithmetic and naming, without hardware. */
class AlsaDeviceTest {

    @Test
    void theBuffersLastFrameArrivedBeforeTheKernelsStampByTheFramesCapturedSince() {
        // At the stamp (10 s) 480 frames beyond our buffer had been captured: 10 ms at 48 kHz. Our last
        // frame came before them, so 10 ms earlier, never later.
        assertEquals(9_990_000_000L, AlsaDevice.arrivalOfLastFrameNs(10_000_000_000L, 480, 48_000));
        assertEquals(10_000_000_000L, AlsaDevice.arrivalOfLastFrameNs(10_000_000_000L, 0, 48_000));
        // 1 frame at 44.1 kHz is 22 675.7 ns: rounded to the nearest ns.
        assertEquals(10_000_000_000L - 22_676, AlsaDevice.arrivalOfLastFrameNs(10_000_000_000L, 1, 44_100));
    }

    @Test
    void anOverrunLosesTheFramesThatWouldHaveArrivedBetweenTheLastDeliveredOneAndTheRestart() {
        assertEquals(24_000, AlsaDevice.lostFrames(1_000_000_000L, 1_500_000_000L, 48_000));
        assertEquals(1, AlsaDevice.lostFrames(1_000_000_000L, 1_000_020_834L, 48_000));
        assertEquals(0, AlsaDevice.lostFrames(1_000_000_000L, 999_000_000L, 48_000), "never negative");
    }

    static final List<AlsaCatalog.Card> CARDS = List.of(
            new AlsaCatalog.Card(0, "PCH", "HDA Intel PCH", "HDA Intel PCH at 0xf7f10000 irq 130", List.of(0, 2)),
            new AlsaCatalog.Card(2, "Pro", "F8n Pro", "ZOOM Corporation F8n Pro at usb-0000:00:14.0-2, high speed",
                    List.of(0)),
            new AlsaCatalog.Card(3, "Device", "USB Audio Device", "C-Media USB Audio Device at usb-0000:00:14.0-3",
                    List.of(1)));

    @Test
    void aCardIsFoundByAnyPartOfItsNamesAndOpenedByIdNotIndex() {
        assertEquals("hw:CARD=Pro,DEV=0", AlsaDevice.pcmOfCard("F8", CARDS));
        assertEquals("hw:CARD=Pro,DEV=0", AlsaDevice.pcmOfCard("zoom", CARDS), "long name, any case");
        assertEquals("hw:CARD=PCH,DEV=0", AlsaDevice.pcmOfCard("Intel", CARDS));
        assertEquals("hw:CARD=Device,DEV=1", AlsaDevice.pcmOfCard("C-Media", CARDS), "its first capture device");
        assertNull(AlsaDevice.pcmOfCard("F9", CARDS));
        CaptureException e = assertThrows(CaptureException.class, () -> AlsaDevice.pcmOfCard("usb", CARDS));
        assertEquals("'usb' matches several ALSA cards: hw:CARD=Pro,DEV=0 (ZOOM Corporation F8n Pro at"
                + " usb-0000:00:14.0-2, high speed), hw:CARD=Device,DEV=1 (C-Media USB Audio Device at"
                + " usb-0000:00:14.0-3); give more of the card's name, or its PCM name (alsa:hw:CARD=...)", e.oneLine());
    }

    @Test
    void aBusyDeviceIsAOneLineError() {
        // No second opener of a hw device can be staged without hardware: this is the line the EBUSY of
        // snd_pcm_open becomes.
        CaptureException e = AlsaDevice.openError("F8", "hw:CARD=Pro,DEV=0", -AlsaLibrary.EBUSY);
        assertEquals("ALSA device 'F8' (hw:CARD=Pro,DEV=0) is busy: another program is capturing from it; stop the"
                + " other program (arecord, a sound server), or record through a shared PCM (dsnoop, pulse)", e.oneLine());
        assertFalse(e.oneLine().contains("\n"));
        assertTrue(AlsaDevice.openError("x", "x", -AlsaLibrary.ENODEV).oneLine().contains("is not present"));
    }
}
