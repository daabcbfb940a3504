package io.tidemark.recorder.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark bench NAME [--json] [its options]}: runs one of the benchmarks, which print a table
 * (or JSON). Speed and accuracy targets live here, not in timed unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark: store, recorder-cpu, bwf-writer, sync, ntp-filter. Each prints a table, "
                + "or JSON with --json.")
public final class BenchCommand implements Callable<Integer>, TidemarkSubcommand {

    static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("store", "io.tidemark.recorder.store.StoreBenchmark");
        BENCHMARKS.put("recorder-cpu", "io.tidemark.recorder.session.RecorderCpuBenchmark");
        BENCHMARKS.put("bwf-writer", "io.tidemark.recorder.audio.BwfWriterBenchmark");
        BENCHMARKS.put("sync", "io.tidemark.sync.sim.SyncBenchmark");
        BENCHMARKS.put("ntp-filter", "io.tidemark.sync.sim.NtpFilterBenchmark");
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "which benchmark")
    String name;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String className = BENCHMARKS.get(name);
        if (className == null) {
            throw new UserError("no benchmark '" + name + "'", "choose one of " + String.join(", ", BENCHMARKS.keySet()));
        }
        Method main = Class.forName(className).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) rest.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
        return 0;
    }
}
