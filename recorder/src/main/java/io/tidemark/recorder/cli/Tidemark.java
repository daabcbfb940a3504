package io.tidemark.recorder.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/**
 * The {@code tidemark} command. Subcommands register themselves as {@link TidemarkSubcommand}
 * services, so modules further down the graph (analysis) add commands without recorder knowing them.
 */
@Command(name = "tidemark", mixinStandardHelpOptions = true, versionProvider = Tidemark.Version.class,
        description = "Records multichannel audio for months and knows, for every sample, what time it was.")
public final class Tidemark implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tidemark());
        for (TidemarkSubcommand sub : ServiceLoader.load(TidemarkSubcommand.class)) {
            cl.addSubcommand(sub);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, DurationParser::parse);
        cl.setExecutionExceptionHandler(UserErrors::handleExecution);
        cl.setParameterExceptionHandler(UserErrors::handleParameter);
        return cl;
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failure, 2 user error. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"tidemark " + SoftwareVersion.get()};
        }
    }
}
