package io.tidemark.app.bench;

import io.tidemark.app.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tidemark bench NAME [--json] [its options]}: runs one of the benchmarks, which print a table
 * (or JSON). Speed and accuracy targets live here, not in timed unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark: store, recorder-cpu, capture, capture-backends, bwf-writer, desktop-cpu, "
                + "sync, ntp-filter, fit-accuracy, fit, query, export, station, station-memory, deployment. "
                + "Each prints a table, or JSON with --json.")
public final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "which benchmark")
    String name;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Benchmark b = Benchmarks.named(name).orElseThrow(() -> new UserError("no benchmark '" + name + "'",
                "choose one of " + String.join(", ", Benchmarks.ALL.stream().map(Benchmark::name).toList())));
        b.entry().run(rest.toArray(new String[0]));
        return 0;
    }
}
