package io.tidemark.app.station;

import io.tidemark.app.cli.UserError;
import io.tidemark.app.record.RecordOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StationConfigTest {

    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Path f = dir.resolve("station.json");
        Files.writeString(f, json);
        return f;
    }

    private String refused(String json) throws Exception {
        Path f = write(json);
        UserError e = assertThrows(UserError.class, () -> StationConfig.read(f));
        String line = e.getMessage();
        assertFalse(line.contains("\n"), "one line: " + line);
        return line;
    }

    @Test
    void theSampleFileReadsWithItsValues() {
        Path sample = Path.of(System.getProperty("user.dir")).getParent().resolve("samples/configs/station-sim.json");
        StationConfig c = StationConfig.read(sample);
        assertEquals("sim", c.device());
        assertEquals(8, c.channels());
        assertEquals(48000, c.rateHz());
        assertEquals("f32", c.format());
        assertEquals(600_000_000_000L, c.segmentNs());
        assertEquals("BOND6", c.channelNames().get(0));
        assertEquals(8765, c.api().port());
        assertNull(c.api().tokenFile());
        assertEquals(3_600_000_000_000L, c.alertRepeatNs());
        assertEquals(-80.0, c.silentDbfs());
        assertEquals(600_000_000_000L, c.silentForNs());
        assertEquals(1L, c.simKeys().get("simSeed").asLong());
        RecordOptions o = c.toRecordOptions(dir);
        assertEquals("sim", o.device);
        assertEquals(8, o.channels);
        assertEquals("600s", o.segment);
        assertEquals("16s", o.ntpPoll);
        assertEquals(c.channelNames(), o.channelNames);
        assertEquals(c.overflow().stream().map(Path::toString).toList(), o.overflow);
        assertEquals(dir.toString(), o.out);
        assertEquals(1L, o.simSeed);
    }

    @Test
    void thePackagesCommentedConffileReads() {
        Path conffile = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("installer/src/deb/root/etc/tidemark/station.json");
        StationConfig c = StationConfig.read(conffile);
        assertEquals("alsa:F8", c.device());
        assertEquals(8, c.channels());
        assertEquals("f32", c.format());
        assertEquals(600_000_000_000L, c.segmentNs());
        assertEquals(16_000_000_000L, c.ntpPollNs());
        assertEquals("127.0.0.1", c.api().bind());
    }

    @Test
    void malformedJsonIsOneLineNamingTheSyntax() throws Exception {
        String line = refused("{ \"device\": \"sim\", ");
        assertTrue(line.contains("not valid JSON"), line);
    }

    @Test
    void unknownKeysAreNamedAtTopAndInBlocks() throws Exception {
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"chanels\":2}").contains("\"chanels\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"api\":{\"prot\":1}}").contains("\"api.prot\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"simFoo\":1}").contains("\"simFoo\""));
        assertTrue(refused("{\"device\":\"alsa:F8\",\"deployment\":\"d\",\"simSeed\":1}").contains("\"simSeed\""));
    }

    @Test
    void wrongTypesAndValuesAreNamed() throws Exception {
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"channels\":\"8\"}").contains("\"channels\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"channels\":0}").contains("\"channels\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"format\":\"f64\"}").contains("\"format\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"segment\":\"ten\"}").contains("\"segment\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"ptp\":\"on\"}").contains("\"ptp\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"channels\":2,\"channelNames\":[\"A\"]}")
                .contains("\"channelNames\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"alerts\":{\"webhook\":\"ftp://x\"}}")
                .contains("\"alerts.webhook\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"health\":{\"silentFor\":5}}")
                .contains("\"health.silentFor\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"simSeed\":\"x\"}").contains("\"simSeed\""));
        assertTrue(refused("{\"deployment\":\"d\"}").contains("\"device\" is missing"));
        assertTrue(refused("[1,2]").contains("one JSON object"));
    }

    @Test
    void aReferenceChannelAndACalibrationGoToEachRecording() throws Exception {
        StationConfig c = StationConfig.read(write("{\"device\":\"sim\",\"deployment\":\"d\",\"channels\":8,"
                + "\"reference\":\"pps\",\"referenceChannel\":8,\"calibration\":\"/etc/tidemark/f8.json\"}"));
        var o = c.toRecordOptions(dir);
        assertEquals("pps", o.reference);
        assertEquals(8, o.referenceChannel);
        assertEquals("/etc/tidemark/f8.json", o.calibration);
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"channels\":8,\"reference\":\"pps\","
                + "\"referenceChannel\":9}").contains("\"referenceChannel\" must be a whole number 1..8"));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"reference\":\"gps\",\"referenceChannel\":1}")
                .contains("\"reference\" is \"gps\""));
        assertTrue(refused("{\"device\":\"sim\",\"deployment\":\"d\",\"reference\":\"pps\"}")
                .contains("without its partner"));
    }
}
