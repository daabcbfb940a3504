package io.tidemark.sync.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The discipline benchmark: runs the simulated scenarios and prints the figures (a table, or JSON
 * with {@code --json}). {@code java -cp ... io.tidemark.sync.sim.SyncBenchmark [--json] [scenario...]}.
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) {
        boolean json = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty()) {
            names = List.of("dante-lan", "gm-failover", "ptp-outage", "aes67-lan");
        }
        List<SyncSimulation.Result> results = new ArrayList<>();
        for (String n : names) {
            results.add(SyncSimulation.run(SyncSimulation.Scenario.named(n)));
        }
        System.out.print(json ? toJson(results) : table(results));
    }

    public static String table(List<SyncSimulation.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %9s %11s %11s %11s %10s %14s %6s %9s%n", "scenario",
                "lockTimeS", "phaseRmsNs", "phaseMaxNs", "freqRmsPpb", "recoveryS", "outageMaxNs", "steps",
                "finalState"));
        for (SyncSimulation.Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.1f %11.0f %11.0f %11.1f %10s %14s %6d %9s%n", r.scenario(),
                    r.lockTimeS(), r.phaseRmsNs(), r.phaseMaxNs(), r.freqRmsPpb(),
                    r.recoveryS() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.recoveryS()),
                    r.outagePhaseMaxNs() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.outagePhaseMaxNs()),
                    r.steps(), r.finalState()));
        }
        sb.append("targets: lock < 30 s, phase RMS < 10000 ns, freq RMS < 50 ppb, failover recovery < 10 s,"
                + " outage phase < 100000 ns; steps while recording must be 0\n");
        return sb.toString();
    }

    public static String toJson(List<SyncSimulation.Result> results) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            SyncSimulation.Result r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "  {\"scenario\": \"%s\", \"lockTimeS\": %.1f, \"phaseRmsNs\": %.0f, \"phaseMaxNs\": %.0f,"
                            + " \"freqRmsPpb\": %.2f, \"recoveryS\": %s, \"outagePhaseMaxNs\": %s, \"steps\": %d,"
                            + " \"stepsWhileRecording\": %d, \"clockEvents\": %d, \"finalState\": \"%s\","
                            + " \"durationS\": %.0f, \"clockPpm\": %.3f, \"jitterUs\": %.1f}",
                    r.scenario(), r.lockTimeS(), r.phaseRmsNs(), r.phaseMaxNs(), r.freqRmsPpb(),
                    r.recoveryS() == null ? "null" : String.format(Locale.ROOT, "%.1f", r.recoveryS()),
                    r.outagePhaseMaxNs() == null ? "null" : String.format(Locale.ROOT, "%.0f", r.outagePhaseMaxNs()),
                    r.steps(), r.stepsWhileRecording(), r.clockEvents(), r.finalState(), r.durationS(), r.clockPpm(),
                    r.jitterUs()));
        }
        return sb.append("\n]\n").toString();
    }
}
