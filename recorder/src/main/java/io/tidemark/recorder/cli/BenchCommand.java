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
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * {@code tidemark bench NAME [--json] [its options]}: runs one of the benchmarks, which print a table
 * (or JSON). Speed and accuracy targets live here, not in timed unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark: store, recorder-cpu, bwf-writer, sync, ntp-filter, fit-accuracy, and those "
                + "other modules add (analysis: fit, query, export). Each prints a table, or JSON with --json.")
public final class BenchCommand implements Callable<Integer>, TidemarkSubcommand {

    static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("store", "io.tidemark.recorder.store.StoreBenchmark");
        BENCHMARKS.put("recorder-cpu", "io.tidemark.recorder.session.RecorderCpuBenchmark");
        BENCHMARKS.put("bwf-writer", "io.tidemark.recorder.audio.BwfWriterBenchmark");
        BENCHMARKS.put("sync", "io.tidemark.sync.sim.SyncBenchmark");
        BENCHMARKS.put("ntp-filter", "io.tidemark.sync.sim.NtpFilterBenchmark");
        BENCHMARKS.put("fit-accuracy", "io.tidemark.sync.model.FitAccuracyBenchmark");
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "which benchmark")
    String name;

    @Unmatched
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, TidemarkBenchmark> added = new LinkedHashMap<>();
        for (TidemarkBenchmark b : ServiceLoader.load(TidemarkBenchmark.class)) {
            added.put(b.name(), b);
        }
        if (added.containsKey(name)) {
            added.get(name).run(rest.toArray(new String[0]));
            return 0;
        }
        String className = BENCHMARKS.get(name);
        if (className == null) {
            List<String> names = new ArrayList<>(BENCHMARKS.keySet());
            names.addAll(added.keySet());
            throw new UserError("no benchmark '" + name + "'", "choose one of " + String.join(", ", names));
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
