package io.tidemark.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.record.RecordOptions;
import io.tidemark.app.record.Recording;
import io.tidemark.common.Json;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Accuracy through the product's own path: a session recorded by {@link Recording} from the simulated device in
 * simulated time (what {@code tidemark record --device sim --simulated-time ...} does), then the stored model
 * fitted as {@code query} fits it, compared at the clicks of the session's truth.csv. The simulator's fixed input
 * latency (truth.json {@code inputLatencyNs}) is added to the truth first: no stamp can see it, and the issue's
 * part 3 (a reference channel) is what measures it.
 */
public final class RecorderAccuracy {

    /**
     * One simulated world.
     *
     * @param latencyMs    mean exponential delivery jitter of the buffers
     * @param ntpJitterUs  mean exponential jitter of each direction of the NTP path
     * @param devicePpm    the device crystal's error; {@code wander} its random walk, ppm/√h
     * @param sysOffsetMs  the system clock minus UTC at the start; {@code sysPpm} its drift
     * @param slewed       the sync engine disciplines (slews) the simulated system clock while recording
     */
    public record Scenario(String name, double hours, double latencyMs, double ntpJitterUs, double devicePpm,
                           double wander, double sysOffsetMs, double sysPpm, boolean slewed, long seed) {

        public static Scenario base(String name, double hours) {
            return new Scenario(name, hours, 1, 100, 20, 0.05, 30, 20, false, 1);
        }

        public Scenario latency(double ms) {
            return new Scenario(name, hours, ms, ntpJitterUs, devicePpm, wander, sysOffsetMs, sysPpm, slewed, seed);
        }

        public Scenario ntpJitter(double us) {
            return new Scenario(name, hours, latencyMs, us, devicePpm, wander, sysOffsetMs, sysPpm, slewed, seed);
        }

        public Scenario device(double ppm, double wanderPpmPerSqrtHour) {
            return new Scenario(name, hours, latencyMs, ntpJitterUs, ppm, wanderPpmPerSqrtHour, sysOffsetMs, sysPpm,
                    slewed, seed);
        }

        public Scenario systemClock(double offsetMs, double ppm, boolean slew) {
            return new Scenario(name, hours, latencyMs, ntpJitterUs, devicePpm, wander, offsetMs, ppm, slew, seed);
        }

        public Scenario seed(long s) {
            return new Scenario(name, hours, latencyMs, ntpJitterUs, devicePpm, wander, sysOffsetMs, sysPpm, slewed, s);
        }

        /** The options of {@code tidemark record} for this world, 2 channels of 16-bit at 48 kHz, timestamps only. */
        public RecordOptions options(Path out) {
            RecordOptions o = new RecordOptions();
            o.device = "sim";
            o.channels = 2;
            o.rateHz = 48_000;
            o.bits = 16;
            o.audio = "none";
            o.simulatedTime = true;
            o.simStart = "2026-11-21T12:00:00Z";
            o.duration = Math.round(hours * 3600) + "s";
            o.simLatencyMs = latencyMs;
            o.simNtpJitterUs = ntpJitterUs;
            o.simPpm = devicePpm;
            o.simWander = wander;
            o.simSysOffsetMs = sysOffsetMs;
            o.simSysPpm = sysPpm;
            o.discipline = slewed;
            o.simSeed = seed;
            o.out = out.toString();
            return o;
        }
    }

    /**
     * What the model gave at the clicks.
     *
     * @param rmsUs, maxUs       error after the fixed input latency is removed
     * @param claimedSigmaRmsUs  the RMS of the model's claimed 1σ there
     * @param inputLatencyNs     the simulator's fixed input latency (truth.json)
     * @param ntpSamples         exchanges in the session; {@code recordSeconds}, {@code fitSeconds} wall times
     */
    public record Result(Scenario scenario, long clicks, double rmsUs, double maxUs, double meanUs,
                         double claimedSigmaRmsUs, long inputLatencyNs, long ntpSamples, double recordSeconds,
                         double fitSeconds) {

        /** Measured RMS error over claimed RMS sigma: 1 is an honest claim. */
        public double ratio() {
            return claimedSigmaRmsUs == 0 ? Double.NaN : rmsUs / claimedSigmaRmsUs;
        }

        public String row() {
            return String.format(Locale.ROOT, "%-40s %8.2f %8.2f %8.2f %8.2f %6.2f %7d %8d", scenario.name(), rmsUs,
                    maxUs, meanUs, claimedSigmaRmsUs, ratio(), clicks, ntpSamples);
        }

        public static String header() {
            return String.format(Locale.ROOT, "%-40s %8s %8s %8s %8s %6s %7s %8s", "scenario (through the recorder)",
                    "rms us", "max us", "mean us", "sigma us", "ratio", "clicks", "ntp");
        }
    }

    private RecorderAccuracy() {
    }

    /** Records the scenario into a new session under {@code out}, fits it and measures it. */
    public static Result run(Scenario s, Path out) throws Exception {
        long t0 = System.nanoTime();
        Path dir;
        try (Recording r = Recording.start(s.options(out), line -> { })) {
            dir = r.run().dir();
        }
        long t1 = System.nanoTime();
        TimeModel m = TimeModelStore.loadOrFit(dir, true, n -> { });
        long t2 = System.nanoTime();
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        long inputLatencyNs = truth.get("parameters").get("inputLatencyNs").asLong();
        // The stamps see the audio when it arrives, the input latency after it was sampled.
        ClickErrors c = ClickErrors.of(dir, m.model(), inputLatencyNs);
        long ntp;
        try (var reader = io.tidemark.recorder.store.SessionReader.open(dir)) {
            ntp = reader.ntpSampleCount();
        }
        return new Result(s, c.clicks(), c.rmsNs() / 1e3, c.maxNs() / 1e3, c.meanNs() / 1e3,
                c.claimedSigmaRmsNs() / 1e3, inputLatencyNs, ntp, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
}
