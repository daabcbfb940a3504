package io.tidemark.sync.sim;

import java.util.List;
import java.util.Locale;

/** The discipline simulation's figures as a table or as JSON, for {@code tidemark sim sync} and {@code bench sync}. */
public final class SyncSimulationReport {

    private SyncSimulationReport() {
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

    public static String json(List<SyncSimulation.Result> results) {
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
