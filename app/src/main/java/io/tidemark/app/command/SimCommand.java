package io.tidemark.app.command;

import io.tidemark.app.cli.CommandGroup;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.sync.sim.SyncSimulation;
import io.tidemark.sync.sim.SyncSimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tidemark sim sync}: runs the simulated discipline harness and prints its figures. */
@Command(name = "sim", description = "Simulations that run far faster than real time.",
        subcommands = SimCommand.Sync.class, mixinStandardHelpOptions = true)
public final class SimCommand extends CommandGroup {

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Simulates the sync engine (PTP frequency + NTP phase) against true UTC: lock time, "
                    + "RMS/max phase error, RMS frequency error.")
    static final class Sync implements Callable<Integer> {
        @Option(names = "--scenario", defaultValue = "dante-lan",
                description = "dante-lan, gm-failover, ptp-outage or aes67-lan (default ${DEFAULT-VALUE})")
        String scenario;
        @Option(names = "--ppm", description = "workstation oscillator error, ppm (default 20)")
        Double ppm;
        @Option(names = "--jitter-us", description = "mean exponential network jitter, µs (default 50)")
        Double jitterUs;
        @Option(names = "--duration", description = "simulated time, e.g. 1h, 30m (default: the scenario's)")
        Duration duration;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            SyncSimulation.Scenario sc;
            try {
                sc = SyncSimulation.Scenario.named(scenario);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), "see 'tidemark sim sync --help'");
            }
            double d = duration != null ? duration.toNanos() / 1e9 : sc.durationS();
            if (d < 60) {
                throw new UserError("--duration " + d + " s is too short", "give at least 60s");
            }
            if (!sc.eventsBeginBefore(d)) {
                throw new UserError("--duration ends before the scenario's event", "give more than "
                        + (long) sc.eventsOverAtS() + "s");
            }
            sc = sc.toBuilder().clockPpm(ppm != null ? ppm : sc.clockPpm())
                    .jitterUs(jitterUs != null ? jitterUs : sc.jitterUs()).durationS(d).build();
            SyncSimulation.Result r = SyncSimulation.run(sc);
            if (json) {
                System.out.println(Json.write(r));
            } else {
                System.out.print(SyncSimulationReport.table(List.of(r)));
            }
            return 0;
        }
    }
}
