package io.tidemark.app.bench;

import io.tidemark.sync.sim.SyncSimulation;
import io.tidemark.sync.sim.SyncSimulationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The discipline benchmark: runs the simulated scenarios and prints the figures (a table, or JSON
 * with {@code --json}). {@code java -cp ... io.tidemark.app.bench.SyncBenchmark [--json] [scenario...]}.
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
        System.out.print(json ? SyncSimulationReport.json(results) : SyncSimulationReport.table(results));
    }
}
