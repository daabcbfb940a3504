package io.tidemark.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.model.InputLatency;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.command.MarksCommand;
import io.tidemark.app.command.Models;
import io.tidemark.app.record.RecordOptions;
import io.tidemark.app.record.Recording;
import io.tidemark.common.Json;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Absolute accuracy with a reference channel, through the product's path: a session recorded by {@link Recording}
 * from the simulated device in simulated time with PPS or LTC on channel 1 ({@code --sim-reference}), its marks
 * found and stored as {@code tidemark marks} does, and the model loaded as every command loads it
 * ({@link Models#load}), compared at the clicks of truth.csv with nothing subtracted: the input latency is
 * the model's to measure. Also the other way round: a session without a reference, with or without a calibration.
 */
public final class ReferenceAccuracy {

    /**
     * One simulated recording.
     *
     * @param referenceOrNull "pps", "ltc" or null (no reference channel)
     * @param snrDb           the reference's edge over its noise
     * @param inputLatencyUs  the simulated device's fixed input latency
     */
    public record Scenario(String name, String referenceOrNull, double minutes, double snrDb, double inputLatencyUs,
                           long seed) {

        /** 2 channels (reference on 1, the clicks on 2) of 24-bit at 48 kHz, a device 20 ppm fast with wander. */
        public RecordOptions options(Path out) {
            RecordOptions o = new RecordOptions();
            o.device = "sim";
            o.channels = 2;
            o.rateHz = 48_000;
            o.bits = 24;
            o.simulatedTime = true;
            o.simStart = "2026-11-21T12:00:00Z";
            o.duration = Math.round(minutes * 60) + "s";
            o.simPpm = 20.0;
            o.simWander = 0.05;
            o.simSysOffsetMs = 30.0;
            o.simSysPpm = 20.0;
            o.simInputLatencyUs = inputLatencyUs;
            o.simSeed = seed;
            if (referenceOrNull != null) {
                o.reference = referenceOrNull;
                o.referenceChannel = 1;
                o.simReference = referenceOrNull;
                o.simReferenceChannel = 1;
                o.simReferenceSnrDb = snrDb;
            }
            o.out = out.toString();
            return o;
        }
    }

    /**
     * The model's UTC at the clicks against their true UTC, nothing subtracted.
     *
     * @param latency         what the model says of the input latency
     * @param trueLatencyNs   the simulator's (truth.json)
     * @param marks           marks stored (0 without a reference)
     */
    public record Result(Scenario scenario, Path session, long clicks, double rmsUs, double maxUs, double meanUs,
                         double claimedSigmaRmsUs, InputLatency latency, long trueLatencyNs, long marks,
                         double recordSeconds, double marksSeconds) {

        /** The measured latency's error, µs. */
        public double latencyErrorUs() {
            return (latency.inputLatencyNs() - trueLatencyNs) / 1e3;
        }

        public String row() {
            return String.format(Locale.ROOT, "%-34s %9.3f %9.3f %9.3f %9.3f %-11s %9.3f %9.3f %6d %6d", scenario.name(),
                    rmsUs, maxUs, meanUs, claimedSigmaRmsUs, latency.source().text(), latency.inputLatencyNs() / 1e3,
                    latencyErrorUs(), clicks, marks);
        }

        public static String header() {
            return String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s %-11s %9s %9s %6s %6s", "scenario", "rms us",
                    "max us", "mean us", "sigma us", "latency", "lat us", "lat err", "clicks", "marks");
        }
    }

    private ReferenceAccuracy() {
    }

    /** Records the scenario under {@code out} and finds its marks (when it has a reference). */
    public static Path record(Scenario s, Path out) throws Exception {
        try (Recording r = Recording.start(s.options(out), line -> { })) {
            return r.run().dir();
        }
    }

    /** Records, finds the marks, and measures the model at the clicks (with {@code calibrationOrNull}). */
    public static Result run(Scenario s, Path out, Path calibrationOrNull) throws Exception {
        long t0 = System.nanoTime();
        Path dir = record(s, out);
        long t1 = System.nanoTime();
        long marks = 0;
        if (s.referenceOrNull() != null) {
            marks = MarksCommand.detectAndStore(dir, null, null).marks().marks().size();
        }
        long t2 = System.nanoTime();
        return measure(s, dir, calibrationOrNull, marks, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** The model as commands load it, at the clicks of the session's truth.csv. */
    public static Result measure(Scenario s, Path dir, Path calibrationOrNull, long marks, double recordSeconds,
                                 double marksSeconds) throws Exception {
        TimeModel m = Models.load(dir, false, calibrationOrNull);
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        long trueLatencyNs = truth.get("parameters").get("inputLatencyNs").asLong();
        ClickErrors c = ClickErrors.of(dir, m.model(), 0);
        return new Result(s, dir, c.clicks(), c.rmsNs() / 1e3, c.maxNs() / 1e3, c.meanNs() / 1e3,
                c.claimedSigmaRmsNs() / 1e3, m.inputLatency(), trueLatencyNs, marks, recordSeconds, marksSeconds);
    }
}
