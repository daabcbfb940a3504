package io.tidemark.recorder.cli;

/**
 * A benchmark that a module further down the graph (analysis) adds to {@code tidemark bench} without
 * recorder knowing it. List implementations in
 * {@code META-INF/services/io.tidemark.recorder.cli.TidemarkBenchmark}.
 */
public interface TidemarkBenchmark {

    /** The name after {@code tidemark bench}. */
    String name();

    /** Runs it with the arguments after the name; prints a table, or JSON with {@code --json}. */
    void run(String[] args) throws Exception;
}
