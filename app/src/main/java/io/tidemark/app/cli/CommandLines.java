package io.tidemark.app.cli;

import picocli.CommandLine;

/** How every Tidemark command line is set up: the same converters and the same one-line error handling. */
public final class CommandLines {

    /** The main class of the {@code tidemark} CLI, for benchmarks that time it in a fresh JVM. */
    public static final String MAIN_CLASS = "io.tidemark.app.Tidemark";

    private CommandLines() {
    }

    /** A command line for {@code command} (the top command or one subcommand run alone), set up as the CLI's. */
    public static CommandLine of(Object command) {
        return configure(new CommandLine(command));
    }

    /** Applies the CLI's converters and error handlers; call after the subcommands are added. */
    public static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, DurationParser::parse);
        cl.setExecutionExceptionHandler(UserErrors::handleExecution);
        cl.setParameterExceptionHandler(UserErrors::handleParameter);
        return cl;
    }
}
