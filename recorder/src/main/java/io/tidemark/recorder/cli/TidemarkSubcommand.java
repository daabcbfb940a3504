package io.tidemark.recorder.cli;

/**
 * Marker for a picocli {@code @Command} class that is a top-level {@code tidemark} subcommand.
 * List implementations in {@code META-INF/services/io.tidemark.recorder.cli.TidemarkSubcommand}.
 */
public interface TidemarkSubcommand {
}
