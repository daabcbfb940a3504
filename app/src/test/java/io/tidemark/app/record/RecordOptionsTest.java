package io.tidemark.app.record;

import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one options type: flags over the config file over the defaults; the file's keys as documented. */
class RecordOptionsTest {

    /** docs/recording.md, "Config file": the keys, in the order sessions.config_json stores them. */
    private static final List<String> KEYS = List.of("device", "channels", "channelNames", "rateHz", "bits", "format",
            "bufferMs", "duration", "segment", "out", "overflow", "ntp", "ntpPoll", "ptp", "ptpInterface", "discipline", "serveNtp", "ntpAllow", "audio",
            "reference", "referenceChannel", "calibration",
            "simulatedTime", "simStart", "simPpm", "simWander", "simLatencyMs", "simInputLatencyUs", "simOutlierProbability",
            "simOutlierMs", "simDropouts", "simOverruns", "simDisconnects", "simDisconnectMs", "simSysOffsetMs",
            "simSysPpm", "simNtpJitterUs", "simSeed", "simSignal",
            "simReference", "simReferenceChannel", "simReferenceSnrDb", "simDisconnectAt", "simNtpOutage", "simSilence",
            "simClip", "simNtpSwitchAt", "simClockStepAt");

    private static final Path SAMPLE = Path.of("..", "samples", "configs", "record-sim.json");

    private static RecordOptions flags(String... args) {
        RecordOptions o = new RecordOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void flagsOverFileOverDefaults(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("record.json");
        Files.writeString(file, """
                {"device": "sim", "channels": 8, "bufferMs": 50, "segment": null, "ntp": ["ntp.example:123"],
                 "simSeed": 7, "simPpm": 3.5}""");
        RecordOptions e = flags("--config", file.toString(), "--channels", "2", "--sim-seed", "9",
                "--ntp-allow", "10.0.0.0/8").effective();
        assertEquals("sim", e.device, "file");
        assertEquals(2, e.channels, "flag over file");
        assertEquals(50, e.bufferMs, "file over default");
        assertEquals("600s", e.segment, "null in the file is not given: default");
        assertEquals(List.of("ntp.example:123"), e.ntp, "file");
        assertEquals(List.of("10.0.0.0/8"), e.ntpAllow, "flag over default");
        assertEquals(9L, e.simSeed, "flag over file");
        assertEquals(3.5, e.simPpm, "file over default");
        assertEquals(0.0, e.simWander, "default");
        assertEquals("bwf", e.audio, "default");
        assertNull(e.rateHz, "required: no default");
        assertNull(e.configFile(), "the effective options name no file");
    }

    @Test
    void defaultsWithoutFileOrFlags() {
        RecordOptions e = flags().effective();
        assertEquals(100, e.bufferMs);
        assertEquals("off", e.ptp);
        assertEquals(false, e.discipline);
        assertEquals(List.of(), e.ntp);
        assertEquals(0.001, e.simOutlierProbability);
        assertEquals(2000.0, e.simDisconnectMs);
        assertEquals(1L, e.simSeed);
        assertEquals("tones", e.simSignal);
    }

    @Test
    void storedConfigHasTheDocumentedKeysInOrder() {
        List<String> names = new ArrayList<>();
        Json.MAPPER.valueToTree(flags("--json", "--config", SAMPLE.toString()).effective()).fieldNames()
                .forEachRemaining(names::add);
        assertEquals(KEYS, names, "neither --config nor --json is a key");
    }

    @Test
    void theChannelMapOverflowFoldersAndSegmentAreKeysAndFlags(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("record.json");
        Files.writeString(file, """
                {"channelNames": ["BOND6", "FAR3"], "overflow": ["/mnt/disk2/tidemark"], "rotate": "2h"}""");
        RecordOptions e = flags("--config", file.toString()).effective();
        assertEquals(List.of("BOND6", "FAR3"), e.channelNames);
        assertEquals(List.of("/mnt/disk2/tidemark"), e.overflow);
        assertEquals("2h", e.segment, "the old key 'rotate' still reads, as segment");
        RecordOptions f = flags("--channel-names", "A,B,C", "--overflow", "/d2", "--overflow", "/d3",
                "--rotate", "30s").effective();
        assertEquals(List.of("A", "B", "C"), f.channelNames);
        assertEquals(List.of("/d2", "/d3"), f.overflow, "repeatable, in order");
        assertEquals("30s", f.segment, "--rotate is --segment's old name");
        assertEquals("10m", flags("--segment", "10m").effective().segment);
        assertEquals(List.of(), flags().effective().overflow);
        assertNull(flags().effective().channelNames, "no map unless given");
    }

    @Test
    void theSampleConfigReads() {
        RecordOptions e = flags("--config", SAMPLE.toString()).effective();
        assertEquals("sim", e.device);
        assertEquals(48_000, e.rateHz);
        assertEquals("60s", e.duration);
    }

    @Test
    void unknownKeysAndBadValuesAreOneLineNamingTheKey(@TempDir Path tmp) throws Exception {
        assertRefused(tmp, "{\"devise\": \"sim\"}", "unknown key \"devise\"");
        assertRefused(tmp, "{\"json\": true}", "unknown key \"json\"");
        assertRefused(tmp, "{\"config\": \"other.json\"}", "unknown key \"config\"");
        assertRefused(tmp, "{\"channels\": \"eight\"}", "key \"channels\"");
        assertRefused(tmp, "{\"ntp\": 5}", "key \"ntp\"");
        assertRefused(tmp, "{\"device\": ", "cannot read config file");
    }

    private static void assertRefused(Path tmp, String json, String mentions) throws Exception {
        Path file = Files.createTempFile(tmp, "bad", ".json");
        Files.writeString(file, json);
        UserError e = assertThrows(UserError.class, () -> flags("--config", file.toString()).effective());
        String line = e.oneLine();
        assertTrue(line.startsWith("cannot read config file " + file + ": "), line);
        assertTrue(line.contains(mentions), line);
        assertTrue(line.endsWith("; fix the JSON (docs/recording.md lists the keys)"), line);
        assertFalse(line.contains("\n"), line);
    }
}
