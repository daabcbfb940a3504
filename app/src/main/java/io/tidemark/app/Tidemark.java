package io.tidemark.app;

import io.tidemark.app.bench.BenchCommand;
import io.tidemark.app.cli.CommandGroup;
import io.tidemark.app.cli.CommandLines;
import io.tidemark.app.command.AlignCommand;
import io.tidemark.app.desktop.AppCommand;
import io.tidemark.app.command.CalibrateCommand;
import io.tidemark.app.command.MarksCommand;
import io.tidemark.app.command.DevicesCommand;
import io.tidemark.app.command.ExportCommand;
import io.tidemark.app.command.IndexCommand;
import io.tidemark.app.command.NoteCommand;
import io.tidemark.app.command.NtpCommand;
import io.tidemark.app.command.PtpCommand;
import io.tidemark.app.command.QueryCommand;
import io.tidemark.app.command.RecordCommand;
import io.tidemark.app.command.ReportCommand;
import io.tidemark.app.command.SimCommand;
import io.tidemark.app.command.StationCommand;
import io.tidemark.app.command.StatusCommand;
import io.tidemark.app.command.SummaryCommand;
import io.tidemark.app.command.SyncCommand;
import io.tidemark.app.command.VerifyCommand;
import io.tidemark.common.SoftwareVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code tidemark} command: every subcommand is listed here, in the order {@code --help} shows them. */
@Command(name = "tidemark", mixinStandardHelpOptions = true, versionProvider = Tidemark.Version.class,
        description = "Records multichannel audio for months and knows, for every sample, what time it was.")
public final class Tidemark extends CommandGroup {

    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("devices", DevicesCommand::new);
        SUBCOMMANDS.put("ntp", NtpCommand::new);
        SUBCOMMANDS.put("ptp", PtpCommand::new);
        SUBCOMMANDS.put("record", RecordCommand::new);
        SUBCOMMANDS.put("sim", SimCommand::new);
        SUBCOMMANDS.put("station", StationCommand::new);
        SUBCOMMANDS.put("status", StatusCommand::new);
        SUBCOMMANDS.put("sync", SyncCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("query", QueryCommand::new);
        SUBCOMMANDS.put("export", ExportCommand::new);
        SUBCOMMANDS.put("align", AlignCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("verify", VerifyCommand::new);
        SUBCOMMANDS.put("index", IndexCommand::new);
        SUBCOMMANDS.put("note", NoteCommand::new);
        SUBCOMMANDS.put("summary", SummaryCommand::new);
        SUBCOMMANDS.put("app", AppCommand::new);
        SUBCOMMANDS.put("marks", MarksCommand::new);
        SUBCOMMANDS.put("calibrate", CalibrateCommand::new);
    }

    /** The command with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command with only subcommand {@code name} when there is one of that name, else with all:
     * picocli reads every option of every subcommand it is given by reflection, which took a few ms
     * of each in-process {@code query} for subcommands that call did not use.
     */
    private static CommandLine commandLine(String name) {
        CommandLine cl = new CommandLine(new Tidemark());
        boolean named = SUBCOMMANDS.containsKey(name);
        SUBCOMMANDS.forEach((n, make) -> {
            if (!named || n.equals(name)) {
                cl.addSubcommand(n, make.get());
            }
        });
        return CommandLines.configure(cl);
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failure, 2 user error. */
    public static int execute(String... args) {
        return commandLine(args.length > 0 ? args[0] : null).execute(args);
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
