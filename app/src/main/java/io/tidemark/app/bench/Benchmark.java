package io.tidemark.app.bench;

/**
 * One {@code tidemark bench NAME}: prints a table, or JSON with {@code --json}. Speed, memory and
 * accuracy targets live in benchmarks, never in timed tests.
 *
 * @param name        the NAME after {@code tidemark bench}
 * @param measures    what it measures, for the listing
 * @param entry       runs it with the arguments after the name
 */
public record Benchmark(String name, String measures, Entry entry) {

    /** A benchmark's main method. */
    @FunctionalInterface
    public interface Entry {
        void run(String[] args) throws Exception;
    }
}
