package io.tidemark.app.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code tidemark bench --help} names every benchmark in the registry, in its order, and nothing else. */
class BenchCommandTest {

    @Test
    void theHelpNamesEveryRegisteredBenchmark() {
        String description = BenchCommand.class.getAnnotation(Command.class).description()[0];
        String names = description.substring(description.indexOf(':') + 1, description.indexOf('.')).trim();
        List<String> listed = Arrays.stream(names.split(",")).map(String::trim).toList();
        assertEquals(Benchmarks.ALL.stream().map(Benchmark::name).toList(), listed);
    }
}
