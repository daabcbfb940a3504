package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.app.bench.ReferenceAccuracy;
import io.tidemark.common.Json;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tidemark marks and calibrate from the command line: marks stored and listed, the calibration of a session with
 * PPS carried to a session of the same simulated device without one, and bad input in one line each.
 */
class MarksCommandTest {

    private static Path record(Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("record", "--device", "sim",
                "--channels", "2", "--rate", "48000", "--simulated-time", "--sim-start",
                "2026-11-21T12:00:00Z", "--out", out.toString(), "--json"));
        args.addAll(java.util.List.of(extra));
        if (!args.contains("--bits")) {
            args.addAll(java.util.List.of("--bits", "24"));
        }
        CliRun rec = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, rec.exitCode(), rec.err());
        try {
            return Path.of(Json.MAPPER.readTree(rec.out()).get("session").asText());
        } catch (Exception e) {
            throw new AssertionError(rec.out(), e);
        }
    }

    @Test
    void aCalibrationFromASessionWithPpsCorrectsASessionWithoutAReference(@TempDir Path dir) throws Exception {
        Path a = record(dir.resolve("a"), "--duration", "30m", "--reference", "pps", "--reference-channel", "1",
                "--sim-reference", "pps", "--sim-reference-channel", "1");
        CliRun marks = CliRun.run("marks", a.toString(), "--json");
        assertEquals(0, marks.exitCode(), marks.err());
        JsonNode m = Json.MAPPER.readTree(marks.out());
        System.out.println("marks: " + marks.out().substring(0, Math.min(600, marks.out().length())));
        assertEquals("pps", m.get("reference").asText());
        assertTrue(m.get("usable").asLong() >= 1795, marks.out());
        assertEquals(0, m.get("misaligned").asLong(), marks.out());
        assertTrue(marks.err().contains("marks: 100 % of the audio read"), "progress on stderr: " + marks.err());
        try (SessionReader r = SessionReader.open(a)) {
            assertEquals(m.get("marks").asLong(), r.marks().size(), "stored");
        }
        CliRun q = CliRun.run("query", a.toString(), "--sample", "48000", "--json");
        assertEquals("reference", Json.MAPPER.readTree(q.out()).get("latencySource").asText(), q.out());

        Path cal = dir.resolve("cal.json");
        CliRun c = CliRun.run("calibrate", a.toString(), "--out", cal.toString(), "--json");
        assertEquals(0, c.exitCode(), c.err());
        JsonNode cj = Json.MAPPER.readTree(c.out());
        System.out.println("calibration: " + c.out());
        assertEquals(500_000, cj.get("inputLatencyNs").asLong(), 1_000, c.out());
        assertEquals("s24", cj.get("sampleFormat").asText());
        String before = Files.readString(cal);
        String again = CliRun.run("calibrate", a.toString(), "--out", cal.toString()).userErrorLine();
        assertTrue(again.contains("already exists"), again);
        assertEquals(before, Files.readString(cal), "never overwritten");

        // The same simulated device (format, rate, buffer, 500 us input latency), another day, no reference
        ReferenceAccuracy.Scenario plain = new ReferenceAccuracy.Scenario("b", null, 20, 40, 500, 5);
        Path b = ReferenceAccuracy.record(plain, dir.resolve("b"));
        ReferenceAccuracy.Result with = ReferenceAccuracy.measure(plain, b, cal, 0, 0, 0);
        ReferenceAccuracy.Result without = ReferenceAccuracy.measure(plain, b, null, 0, 0, 0);
        System.out.println(ReferenceAccuracy.Result.header());
        System.out.println(with.row().replaceFirst("^b ", "b with --calibration"));
        System.out.println(without.row().replaceFirst("^b ", "b without"));
        assertEquals("calibration", with.latency().source().text());
        assertTrue(with.rmsUs() <= 5, "with the calibration: RMS " + with.rmsUs() + " us");
        assertEquals("none", without.latency().source().text());
        assertEquals(500, without.meanUs(), 20, "without it the times are late by the input latency");

        JsonNode qb = Json.MAPPER.readTree(CliRun.run("query", b.toString(), "--sample", "48000", "--json",
                "--calibration", cal.toString()).out());
        assertEquals("calibration", qb.get("latencySource").asText());
        assertTrue(qb.get("uncertaintyIncludesLatency").asBoolean());
        CliRun qn = CliRun.run("query", b.toString(), "--sample", "48000");
        assertTrue(qn.out().contains("latencySource: none"), qn.out());

        // record --calibration (the station's key) copies it into the session, which then carries it
        Path carried = record(dir.resolve("d"), "--duration", "20s", "--calibration", cal.toString());
        assertTrue(Files.isRegularFile(carried.resolve("calibration.json")));
        JsonNode qc = Json.MAPPER.readTree(CliRun.run("query", carried.toString(), "--sample", "48000", "--json").out());
        assertEquals("calibration", qc.get("latencySource").asText());
        assertEquals(cj.get("inputLatencyNs").asLong(), qc.get("inputLatencyNs").asLong());
        String wrongRate = CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "44100", "--bits", "24",
                "--calibration", cal.toString(), "--out", dir.resolve("e").toString()).userErrorLine();
        assertTrue(wrongRate.contains("rate 44100 Hz (calibrated: 48000 Hz)"), wrongRate);
        assertTrue(!Files.exists(dir.resolve("e")) || Files.list(dir.resolve("e")).findAny().isEmpty(), "nothing recorded");

        // Another format: refused, naming the mismatch
        Path s16 = record(dir.resolve("c"), "--duration", "20s", "--bits", "16");
        String refused = CliRun.run("query", s16.toString(), "--sample", "48000", "--calibration", cal.toString())
                .userErrorLine();
        assertTrue(refused.contains("format s16 (calibrated: s24)"), refused);
    }

    @Test
    void badInputGetsOneLine(@TempDir Path dir) throws Exception {
        String range = CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "16",
                "--reference", "pps", "--reference-channel", "3", "--out", dir.toString()).userErrorLine();
        assertTrue(range.contains("--reference-channel 3 is out of range for 2 channels"), range);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing created");
        }

        // A reference channel that carries no PPS (the simulator's tones): reported with what it holds
        Path quiet = record(dir.resolve("q"), "--duration", "20s", "--reference", "pps", "--reference-channel", "1");
        String none = CliRun.run("marks", quiet.toString()).userErrorLine();
        System.out.println(none);
        assertTrue(none.contains("no PPS marks on the reference channel") && none.contains("dBFS"), none);

        String noRef = CliRun.run("marks", record(dir.resolve("n"), "--duration", "5s").toString()).userErrorLine();
        assertTrue(noRef.contains("recorded without a reference channel"), noRef);
        String channel = CliRun.run("marks", quiet.toString(), "--reference", "pps", "--reference-channel", "7")
                .userErrorLine();
        assertTrue(channel.contains("reference channel 7 is out of range"), channel);
        String missing = CliRun.run("query", quiet.toString(), "--sample", "0", "--calibration",
                dir.resolve("nope.json").toString()).userErrorLine();
        assertTrue(missing.contains("no calibration file at"), missing);
    }

    @Test
    void lostAudioBetweenMarksNeitherFlagsTheMarksNorBendsTheTimes(@TempDir Path dir) throws Exception {
        // Eight dropouts of a 100-ms buffer in 10 minutes (each moves the sample axis against UTC by 4800 samples),
        // all of which the stamp model sees (with seed 3 and 60/h it misses one of two dropouts 2.8 s apart, and the
        // samples between the two marks around it then take its stamp time, 100 ms off)
        Path s = record(dir.resolve("g"), "--duration", "10m", "--reference", "pps", "--reference-channel", "1",
                "--sim-reference", "pps", "--sim-reference-channel", "1", "--sim-dropouts", "40", "--sim-seed", "5");
        JsonNode truth = Json.MAPPER.readTree(s.resolve("truth.json").toFile());
        int dropouts = truth.get("faults").size();
        assertTrue(dropouts >= 3, "dropouts: " + truth.get("faults"));
        CliRun marks = CliRun.run("marks", s.toString(), "--json");
        assertEquals(0, marks.exitCode(), marks.err());
        JsonNode m = Json.MAPPER.readTree(marks.out());
        assertEquals(0, m.get("misaligned").asLong(), "a dropout is not a misaligned mark: " + marks.out());
        assertTrue(m.get("afterLostAudio").asLong() >= dropouts - 1, "each dropout starts a stretch: " + marks.out());
        assertTrue(m.get("missingBefore").asLong() <= dropouts, marks.out());
        ReferenceAccuracy.Result r = ReferenceAccuracy.measure(
                new ReferenceAccuracy.Scenario("pps with " + dropouts + " dropouts", "pps", 10, 40, 500, 5), s, null, 0, 0, 0);
        System.out.println(ReferenceAccuracy.Result.header());
        System.out.println(r.row());
        assertEquals("reference", r.latency().source().text());
        // Clicks in a stretch with marks on both sides come from the marks; those beside a gap from the stamp model
        assertTrue(r.rmsUs() <= 5 && r.maxUs() <= 20, "RMS " + r.rmsUs() + " us, max " + r.maxUs() + " us");
    }
}
