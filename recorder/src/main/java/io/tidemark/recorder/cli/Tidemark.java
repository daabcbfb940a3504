package io.tidemark.recorder.cli;

import io.tidemark.common.SoftwareVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
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

    /** Found once: looking them up reads META-INF/services of every jar, a few ms of each in-process query. */
    private static final List<ServiceLoader.Provider<TidemarkSubcommand>> SUBCOMMANDS =
            ServiceLoader.load(TidemarkSubcommand.class).stream().toList();

    /** The command with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command with only subcommand {@code name} when there is one of that name, else with all:
     * picocli reads every option of every subcommand it is given by reflection, which took a few ms
     * of each in-process {@code query} for 14 subcommands that call did not use.
     */
    private static CommandLine commandLine(String name) {
        CommandLine cl = new CommandLine(new Tidemark());
        List<ServiceLoader.Provider<TidemarkSubcommand>> subs = SUBCOMMANDS;
        boolean named = subs.stream().anyMatch(p -> commandName(p).equals(name));
        for (ServiceLoader.Provider<TidemarkSubcommand> p : subs) {
            if (!named || commandName(p).equals(name)) {
                cl.addSubcommand(p.get());
            }
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, DurationParser::parse);
        cl.setExecutionExceptionHandler(UserErrors::handleExecution);
        cl.setParameterExceptionHandler(UserErrors::handleParameter);
        return cl;
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failure, 2 user error. */
    public static int execute(String... args) {
        return commandLine(args.length > 0 ? args[0] : null).execute(args);
    }

    private static String commandName(ServiceLoader.Provider<TidemarkSubcommand> p) {
        Command c = p.type().getAnnotation(Command.class);
        return c == null ? "" : c.name();
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
