package io.tidemark.app.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code index --calibration} (and {@code summary}): a deployment of simulated sessions recorded without a
 * reference, by a device whose 500 µs input latency no stamp sees, calibrated from a PPS session of the same
 * simulated device. With the calibration every file's UTC start is within 5 µs of truth.csv (nothing subtracted
 * from the truth) and says {@code latencySource: calibration}; without it the starts are ~0.5 ms late and say
 * {@code none}; a calibration for another format is refused in one line; a session recorded with
 * {@code record --calibration} carries it, and index applies it with no flag.
 */
class IndexCalibrationTest {

    private static final String[] COMMON = {"--device", "sim", "--channels", "2", "--rate", "48000", "--simulated-time",
            "--sim-input-latency-us", "500", "--sim-ppm", "20", "--sim-sys-offset-ms", "30", "--sim-sys-ppm", "20",
            "--segment", "120s", "--json"};

    private static Path record(Path out, String start, String duration, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("record"));
        args.addAll(List.of(COMMON));
        args.addAll(List.of("--sim-start", start, "--duration", duration, "--out", out.toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--bits")) {
            args.addAll(List.of("--bits", "24"));
        }
        CliRun rec = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, rec.exitCode(), rec.err());
        Path session = Path.of(Json.MAPPER.readTree(rec.out()).get("session").asText());
        // index reads stored models only (it never fits): query fits and stores one
        CliRun fit = CliRun.run("query", session.toString(), "--summary", "--json");
        assertEquals(0, fit.exitCode(), fit.err());
        return session;
    }

    @Test
    void indexTakesTheCalibrationOutOfFileStartsAndSaysSo(@TempDir Path dir) throws Exception {
        // The calibration: 30 minutes with PPS on channel 1 (the clicks are on channel 2)
        Path pps = record(dir.resolve("pps"), "2026-11-21T12:00:00Z", "30m", "--sim-seed", "1",
                "--sim-reference", "pps", "--sim-reference-channel", "1", "--reference", "pps", "--reference-channel", "1");
        CliRun marks = CliRun.run("marks", pps.toString(), "--json");
        assertEquals(0, marks.exitCode(), marks.err());
        Path cal = dir.resolve("cal.json");
        CliRun c = CliRun.run("calibrate", pps.toString(), "--out", cal.toString(), "--json");
        assertEquals(0, c.exitCode(), c.err());
        long calibratedNs = Json.MAPPER.readTree(c.out()).get("inputLatencyNs").asLong();
        System.out.println("calibration: " + c.out().strip());

        // The season: two sessions of the same device, no reference, in one deployment
        Path deployment = dir.resolve("deployment");
        Path b1 = record(deployment, "2026-11-22T08:00:00Z", "10m", "--sim-seed", "2");
        Path b2 = record(deployment, "2026-11-22T09:00:00Z", "10m", "--sim-seed", "3");

        CliRun with = CliRun.run("index", deployment.toString(), "--calibration", cal.toString(), "--json");
        assertEquals(0, with.exitCode(), with.err());
        double[] w = errorsUs(Json.MAPPER.readTree(with.out()), List.of(b1, b2), "calibration", calibratedNs);
        System.out.printf(Locale.ROOT, "index --calibration: %d file starts, max |error| %.3f us, mean %.3f us%n",
                (int) w[2], w[0], w[1]);
        assertTrue(w[2] >= 8, "files: " + w[2]);
        assertTrue(w[0] <= 5, "with the calibration every file start is within 5 us of truth: max " + w[0] + " us");

        CliRun without = CliRun.run("index", deployment.toString(), "--json");
        assertEquals(0, without.exitCode(), without.err());
        double[] n = errorsUs(Json.MAPPER.readTree(without.out()), List.of(b1, b2), "none", 0);
        System.out.printf(Locale.ROOT, "index without: max |error| %.3f us, mean %.3f us%n", n[0], n[1]);
        assertEquals(500, n[1], 10, "without it the file starts are late by the input latency");
        CliRun text = CliRun.run("index", deployment.toString());
        assertTrue(text.out().contains("latencySource: none")
                && text.out().contains("excludes the audio device's fixed input latency"), text.out());
        CliRun textWith = CliRun.run("index", deployment.toString(), "--calibration", cal.toString());
        assertTrue(textWith.out().contains("latencySource: calibration") && !textWith.out().contains("excludes"),
                textWith.out());

        CliRun summary = CliRun.run("summary", deployment.toString(), "--calibration", cal.toString(), "--json");
        assertEquals(0, summary.exitCode(), summary.err());
        JsonNode sessions = Json.MAPPER.readTree(summary.out()).get("sessions");
        assertEquals(2, sessions.size(), summary.out());
        for (JsonNode s : sessions) {
            assertEquals("calibration", s.get("latencySource").asText(), summary.out());
            assertEquals(calibratedNs, s.get("inputLatencyNs").asLong());
        }
        CliRun summaryNone = CliRun.run("summary", deployment.toString());
        assertTrue(summaryNone.out().contains("latencySource: none"), summaryNone.out());

        // A calibration for another format: one line naming the mismatch, for index and summary alike
        Path other = dir.resolve("other");
        record(other, "2026-11-22T10:00:00Z", "20s", "--bits", "16", "--sim-seed", "4");
        String refused = CliRun.run("index", other.toString(), "--calibration", cal.toString()).userErrorLine();
        assertTrue(refused.contains("format s16 (calibrated: s24)"), refused);
        String refusedSummary = CliRun.run("summary", other.toString(), "--calibration", cal.toString()).userErrorLine();
        assertTrue(refusedSummary.contains("format s16 (calibrated: s24)"), refusedSummary);

        // record --calibration copies it into the session (calibration.json): index applies it with no flag
        Path carried = record(dir.resolve("carried"), "2026-11-22T11:00:00Z", "10m", "--sim-seed", "5",
                "--calibration", cal.toString());
        assertTrue(Files.isRegularFile(carried.resolve("calibration.json")));
        CliRun plain = CliRun.run("index", carried.getParent().toString(), "--json");
        assertEquals(0, plain.exitCode(), plain.err());
        double[] k = errorsUs(Json.MAPPER.readTree(plain.out()), List.of(carried), "calibration", calibratedNs);
        System.out.printf(Locale.ROOT, "index of a session carrying the calibration: %d file starts, max |error| %.3f us%n",
                (int) k[2], k[0]);
        assertTrue(k[0] <= 5, "max " + k[0] + " us");
    }

    /**
     * Each file's first-sample UTC in the index against the truth: the true UTC of that sample from the two clicks
     * of truth.csv around it (the device's rate between clicks a second apart, so its ppm costs nothing).
     * Returns {max |error|, mean error, files}, µs.
     */
    private static double[] errorsUs(JsonNode index, List<Path> sessions, String latencySource, long latencyNs)
            throws Exception {
        double max = 0;
        double sum = 0;
        int count = 0;
        for (JsonNode f : index.get("files")) {
            Path session = sessions.stream().filter(s -> s.getFileName().toString().equals(f.get("session").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("unexpected session in " + f));
            assertEquals("model", f.get("timeSource").asText(), f.toString());
            assertEquals(latencySource, f.get("latencySource").asText(), f.toString());
            assertEquals(latencyNs, f.get("inputLatencyNs").asLong(), f.toString());
            double errorUs = (f.get("firstUtcNs").asLong() - trueUtcNs(session, f.get("firstSample").asLong())) / 1e3;
            System.out.printf(Locale.ROOT, "  %s %s first sample %d: %+.3f us off truth (%s)%n", f.get("session").asText(),
                    f.get("path").asText(), f.get("firstSample").asLong(), errorUs, latencySource);
            max = Math.max(max, Math.abs(errorUs));
            sum += errorUs;
            count++;
        }
        assertTrue(count > 0, index.toString());
        return new double[] {max, sum / count, count};
    }

    private static double trueUtcNs(Path session, long sample) throws Exception {
        List<String> lines = Files.readAllLines(session.resolve("truth.csv"));
        List<long[]> clicks = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] p = l.split(",");
            clicks.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])});
        }
        int i = 0;
        while (i + 2 < clicks.size() && clicks.get(i + 1)[0] <= sample) {
            i++;
        }
        long[] a = clicks.get(i);
        long[] b = clicks.get(i + 1);
        return a[1] + (double) (sample - a[0]) * (b[1] - a[1]) / (b[0] - a[0]);
    }
}
