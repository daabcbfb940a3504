package io.tidemark.app.bench;

import io.tidemark.app.command.CalibrateCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tidemark bench fit-accuracy --mode reference [--json] [--only TEXT] [--seed N]}: absolute sample→UTC error
 * at the truth clicks with nothing subtracted (issue 16 part 3), through the product's path
 * ({@link ReferenceAccuracy}): PPS on a channel for an hour, LTC for ten minutes, and a session of the same
 * simulated device without a reference, with the PPS session's calibration and without.
 */
final class ReferenceAccuracyBenchmark {

    static final double PPS_RMS_US = 0.3;
    static final double PPS_MAX_US = 1.5;
    static final double PPS_LATENCY_US = 1;
    static final double LTC_RMS_US = 5;
    static final double CALIBRATED_RMS_US = 5;

    private ReferenceAccuracyBenchmark() {
    }

    static void run(boolean json, String only, long seed) throws Exception {
        Path tmp = Files.createTempDirectory("tidemark-reference-accuracy-");
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            if (!json) {
                System.out.println(ReferenceAccuracy.Result.header() + "  target");
            }
            ReferenceAccuracy.Scenario pps = new ReferenceAccuracy.Scenario("PPS 1 h, 48 kHz, 40 dB", "pps", 60, 40, 500, seed);
            ReferenceAccuracy.Scenario ltc = new ReferenceAccuracy.Scenario("LTC 25 fps 10 min, 40 dB", "ltc", 10, 40, 500, seed);
            ReferenceAccuracy.Scenario plain = new ReferenceAccuracy.Scenario("no reference 20 min", null, 20, 40, 500, seed + 1);
            ReferenceAccuracy.Result ppsResult = null;
            if (only == null || pps.name().contains(only) || plain.name().contains(only)) {
                System.err.println("bench: recording " + pps.name());
                ppsResult = ReferenceAccuracy.run(pps, tmp.resolve("pps"), null);
                add(rows, json, ppsResult, ppsResult.rmsUs() <= PPS_RMS_US && ppsResult.maxUs() <= PPS_MAX_US
                        && Math.abs(ppsResult.latencyErrorUs()) <= PPS_LATENCY_US, String.format(Locale.ROOT,
                        "RMS <= %.1f us, max <= %.1f us, latency within %.0f us", PPS_RMS_US, PPS_MAX_US, PPS_LATENCY_US));
            }
            if (only == null || ltc.name().contains(only)) {
                System.err.println("bench: recording " + ltc.name());
                ReferenceAccuracy.Result r = ReferenceAccuracy.run(ltc, tmp.resolve("ltc"), null);
                add(rows, json, r, r.rmsUs() <= LTC_RMS_US, String.format(Locale.ROOT, "RMS <= %.0f us", LTC_RMS_US));
            }
            if (ppsResult != null) {
                Path cal = tmp.resolve("calibration.json");
                CalibrateCommand.calibrate(ppsResult.session(), cal);
                System.err.println("bench: recording " + plain.name());
                Path b = ReferenceAccuracy.record(plain, tmp.resolve("plain"));
                ReferenceAccuracy.Result with = ReferenceAccuracy.measure(plain, b, cal, 0, 0, 0);
                add(rows, json, renamed(with, plain.name() + ", calibrated"), with.rmsUs() <= CALIBRATED_RMS_US,
                        String.format(Locale.ROOT, "RMS <= %.0f us", CALIBRATED_RMS_US));
                ReferenceAccuracy.Result without = ReferenceAccuracy.measure(plain, b, null, 0, 0, 0);
                add(rows, json, renamed(without, plain.name() + ", none"), Math.abs(without.meanUs() - 500) <= 20,
                        "late by the 500 us input latency, says none");
            }
        } finally {
            BenchSessions.deleteTree(tmp);
        }
        if (json) {
            System.out.println(FitAccuracyBenchmark.toJson(rows));
        } else {
            System.out.println("errors: model UTC minus true UTC at the clicks, nothing subtracted; 'lat err': measured minus"
                    + " the simulator's input latency");
        }
    }

    private static ReferenceAccuracy.Result renamed(ReferenceAccuracy.Result r, String name) {
        ReferenceAccuracy.Scenario s = r.scenario();
        return new ReferenceAccuracy.Result(new ReferenceAccuracy.Scenario(name, s.referenceOrNull(), s.minutes(),
                s.snrDb(), s.inputLatencyUs(), s.seed()), r.session(), r.clicks(), r.rmsUs(), r.maxUs(), r.meanUs(),
                r.claimedSigmaRmsUs(), r.latency(), r.trueLatencyNs(), r.marks(), r.recordSeconds(), r.marksSeconds());
    }

    private static void add(List<Map<String, Object>> rows, boolean json, ReferenceAccuracy.Result r, boolean meets,
                            String target) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", r.scenario().name());
        row.put("mode", "reference");
        row.put("clicks", r.clicks());
        row.put("marks", r.marks());
        row.put("rmsUs", r.rmsUs());
        row.put("maxUs", r.maxUs());
        row.put("meanUs", r.meanUs());
        row.put("claimedSigmaRmsUs", r.claimedSigmaRmsUs());
        row.put("latencySource", r.latency().source().text());
        row.put("inputLatencyNs", r.latency().inputLatencyNs());
        row.put("inputLatencyUncertaintyNs", r.latency().uncertaintyNs());
        row.put("trueInputLatencyNs", r.trueLatencyNs());
        row.put("target", target);
        row.put("meetsTarget", meets);
        row.put("recordSeconds", r.recordSeconds());
        row.put("marksSeconds", r.marksSeconds());
        rows.add(row);
        if (!json) {
            System.out.println(r.row() + "  " + (meets ? "meets " : "MISSES ") + target);
            System.out.flush();
        }
    }
}
