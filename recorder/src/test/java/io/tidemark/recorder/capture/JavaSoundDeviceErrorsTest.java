package io.tidemark.recorder.capture;


import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaSoundDeviceErrorsTest {

    @Test
    void anUnknownDeviceIsAOneLineErrorNamingCauseAndRemedy() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> JavaSoundDevice.opener("ZOOM F9", new CaptureFormat(8, 48_000, 24), 4800));
        assertEquals("no capture device matches 'ZOOM F9'; run 'tidemark devices' to list them", e.oneLine());
        assertFalse(e.oneLine().contains("\n"));
    }

    @Test
    void formatsOutsideWhatTidemarkRecordsAreOneLineErrors() {
        assertEquals("unsupported format: 22050 Hz; use --rate between 44100 and 192000 (e.g. 48000)",
                assertThrows(CaptureException.class, () -> CaptureFormats.require(8, 22_050, 24)).oneLine());
        assertEquals("unsupported format: 8-bit samples; use --bits 16, 24 or 32",
                assertThrows(CaptureException.class, () -> CaptureFormats.require(8, 48_000, 8)).oneLine());
        assertEquals("unsupported format: 65 channels; use --channels between 1 and 64",
                assertThrows(CaptureException.class, () -> CaptureFormats.require(65, 48_000, 24)).oneLine());
        assertEquals(new CaptureFormat(8, 48_000, 24), CaptureFormats.require(8, 48_000, 24));
    }
}
