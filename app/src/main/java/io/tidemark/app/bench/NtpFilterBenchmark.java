package io.tidemark.app.bench;

import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SimNtpServer;
import io.tidemark.sync.sim.SimTimeline;
import io.tidemark.sync.sim.SimulatedNtpTransport;
import io.tidemark.sync.sim.SimulatedSystemClock;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpServerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How well the NTP client's filtering and clock model recover a server's time through a noisy,
 * asymmetric simulated network, against taking every sample as it comes.
 *
 * <p>Each scenario runs the real {@link NtpClient} for hours of simulated time against a
 * {@link SimNtpServer} with a known offset. Errors are against the truth (the server's clock):
 * <ul>
 *   <li>filtered: {@code client.timeNsAt(reading)} minus the server's time, every 10 s after warm-up;</li>
 *   <li>unfiltered: each valid exchange's own offset minus the true offset at its midpoint;</li>
 *   <li>lucky only: the same for the least-delay sample of each burst, with no model.</li>
 * </ul>
 * The path asymmetry is invisible to NTP: it shows up as a bias of half the difference.
 *
 * <p>Run: {@code java -cp "installer/target/app/lib/*" io.tidemark.app.bench.NtpFilterBenchmark [--json]}
 */
public final class NtpFilterBenchmark {

    private static final long S = 1_000_000_000L;
    private static final long START_NS = 1_795_000_000_000_000_000L;

    record Scenario(String name, long jitterMeanNs, int pollLog2, long outBaseNs, long inBaseNs, double outlierProbability,
                    double lossProbability, long hours) {
        long biasNs() {
            return (outBaseNs - inBaseNs) / 2;
        }
    }

    record Result(Scenario scenario, double filteredRmsNs, double filteredMeanNs, double filteredMaxAbsNs,
                  double filteredRmsAroundBiasNs, double unfilteredRmsNs, double luckyRmsNs, long exchanges,
                  long accepted, double cpuSeconds) {
    }

    static Result run(Scenario sc, long seed) {
        return run(sc, seed, NtpClientConfig.defaults());
    }

    static Result run(Scenario sc, long seed, NtpClientConfig base) {
        long cpu0 = System.nanoTime();
        SimTimeline tl = new SimTimeline(START_NS);
        double clockRatePpm = 25.0;
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 3_000_000L, clockRatePpm, 0.01, seed);
        long serverOffsetNs = -1_500_000L; // the server is 1.5 ms behind true time: truth is the server, not the timeline
        SimNtpServer server = new SimNtpServer(tl, serverOffsetNs, 1, "GPS", new NtpServerAddress("gps.sim", 123));
        NetworkPath out = new NetworkPath(sc.outBaseNs, sc.jitterMeanNs, sc.outlierProbability, 20_000_000L,
                sc.lossProbability);
        NetworkPath in = new NetworkPath(sc.inBaseNs, sc.jitterMeanNs, sc.outlierProbability, 20_000_000L,
                sc.lossProbability);
        SimulatedNtpTransport net = new SimulatedNtpTransport(clock, List.of(server), out, in, seed + 1);
        long warmupNs = 1_800 * S;
        List<Double> unfiltered = new ArrayList<>();
        List<Double> lucky = new ArrayList<>();
        long[] counts = new long[2];
        // Per burst: the least-delay valid sample's error (lucky packet without a model).
        NtpSample[] burstBest = new NtpSample[1];
        double[] burstBestErr = new double[1];
        NtpClient client = new NtpClient(List.of(server.address()),
                base.withPoll(sc.pollLog2, sc.pollLog2), clock, net, tl, s -> {
                    counts[0]++;
                    if (s.accepted()) {
                        counts[1]++;
                    }
                    if (s.t2Ns() == 0 || (s.rejectReason() != null && !s.rejectReason().startsWith("not the least")
                            && !s.rejectReason().startsWith("delay"))) {
                        return; // no valid reply
                    }
                    // True offset at the exchange's midpoint: server time minus CLOCK_REALTIME there.
                    long midRealtime = s.t1Ns() + (s.t4Ns() - s.t1Ns()) / 2;
                    long realtimeAgo = clock.realtimeNs() - midRealtime;
                    long trueMid = tl.nowNs() - Math.round(realtimeAgo / (1 + clockRatePpm * 1e-6));
                    double err = s.offsetNs() - (trueMid + serverOffsetNs - midRealtime);
                    if (tl.nowNs() - START_NS < warmupNs) {
                        return;
                    }
                    unfiltered.add(err);
                    if (s.rejectReason() == null || !s.rejectReason().startsWith("not the least")) {
                        lucky.add(err); // the burst's least-delay sample (accepted or rejected by quantile)
                    }
                });
        client.start();
        List<Double> filtered = new ArrayList<>();
        long endNs = START_NS + sc.hours * 3_600 * S;
        for (long t = START_NS + warmupNs; t <= endNs; t += 10 * S) {
            tl.advanceTo(t);
            OptionalLong est = client.timeNsAt(clock.read());
            if (est.isPresent()) {
                filtered.add((double) (est.getAsLong() - (tl.nowNs() + serverOffsetNs)));
            }
        }
        client.close();
        double mean = filtered.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
        double aroundBias = rms(filtered.stream().map(d -> d - sc.biasNs()).toList());
        return new Result(sc, rms(filtered), mean, filtered.stream().mapToDouble(Math::abs).max().orElse(Double.NaN),
                aroundBias, rms(unfiltered), rms(lucky), counts[0], counts[1], (System.nanoTime() - cpu0) / 1e9);
    }

    static double rms(List<Double> v) {
        return v.isEmpty() ? Double.NaN : Math.sqrt(v.stream().mapToDouble(d -> d * d).sum() / v.size());
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("target: 1 ms jitter, 16 s poll", 1_000_000, 4, 220_000, 200_000, 0, 0, 6),
                new Scenario("1 ms jitter, 16 s poll, symmetric", 1_000_000, 4, 200_000, 200_000, 0, 0, 6),
                new Scenario("100 us jitter, 16 s poll", 100_000, 4, 220_000, 200_000, 0, 0, 6),
                new Scenario("1 ms jitter, 64 s poll", 1_000_000, 6, 220_000, 200_000, 0, 0, 12),
                new Scenario("1 ms jitter + 1% 20 ms outliers + 1% loss", 1_000_000, 4, 220_000, 200_000, 0.01, 0.01, 6));
    }

    public static void main(String[] args) {
        List<String> a = List.of(args);
        boolean json = a.contains("--json");
        // Filter settings to try (defaults otherwise): --window N --quantile Q --only-target
        NtpClientConfig cfg = NtpClientConfig.defaults();
        int w = a.indexOf("--window");
        int q = a.indexOf("--quantile");
        if (w >= 0 || q >= 0) {
            cfg = cfg.withFilter(q >= 0 ? Double.parseDouble(a.get(q + 1)) : cfg.delayQuantile(), cfg.delayHistory(),
                    w >= 0 ? Integer.parseInt(a.get(w + 1)) : cfg.modelWindow());
        }
        List<Result> results = new ArrayList<>();
        for (Scenario sc : a.contains("--only-target") ? scenarios().subList(0, 1) : scenarios()) {
            results.add(run(sc, 42, cfg));
        }
        if (json) {
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                Scenario sc = r.scenario;
                b.append(String.format(Locale.ROOT, "  {\"scenario\": \"%s\", \"jitterMeanNs\": %d, \"pollS\": %d, "
                                + "\"asymmetryBiasNs\": %d, \"hours\": %d, \"filteredRmsNs\": %.0f, \"filteredMeanNs\": %.0f, "
                                + "\"filteredMaxAbsNs\": %.0f, \"filteredRmsAroundBiasNs\": %.0f, \"unfilteredRmsNs\": %.0f, "
                                + "\"luckyOnlyRmsNs\": %.0f, \"exchanges\": %d, \"accepted\": %d, \"wallSeconds\": %.2f}%s%n",
                        sc.name, sc.jitterMeanNs, 1 << sc.pollLog2, sc.biasNs(), sc.hours, r.filteredRmsNs,
                        r.filteredMeanNs, r.filteredMaxAbsNs, r.filteredRmsAroundBiasNs, r.unfilteredRmsNs, r.luckyRmsNs,
                        r.exchanges, r.accepted, r.cpuSeconds, i + 1 < results.size() ? "," : ""));
            }
            System.out.print(b.append("]\n"));
            return;
        }
        System.out.printf(Locale.ROOT, "%-44s %7s %6s %8s | %11s %11s %11s %11s | %13s %11s%n", "scenario", "jitter",
                "poll", "bias", "filt RMS", "filt mean", "filt max", "RMS-bias", "unfiltered", "lucky only");
        System.out.printf(Locale.ROOT, "%-44s %7s %6s %8s | %11s %11s %11s %11s | %13s %11s%n", "", "us", "s", "us",
                "us", "us", "us", "us", "RMS us", "RMS us");
        for (Result r : results) {
            Scenario sc = r.scenario;
            System.out.printf(Locale.ROOT, "%-44s %7.0f %6d %8.1f | %11.1f %11.1f %11.1f %11.1f | %13.1f %11.1f%n",
                    sc.name, sc.jitterMeanNs / 1e3, 1 << sc.pollLog2, sc.biasNs() / 1e3, r.filteredRmsNs / 1e3,
                    r.filteredMeanNs / 1e3, r.filteredMaxAbsNs / 1e3, r.filteredRmsAroundBiasNs / 1e3,
                    r.unfilteredRmsNs / 1e3, r.luckyRmsNs / 1e3);
        }
        System.out.println("Errors against the simulated server's true time; bias = half the path asymmetry, which NTP "
                + "cannot see. filt = client.timeNsAt every 10 s after 30 min warm-up.");
    }
}
