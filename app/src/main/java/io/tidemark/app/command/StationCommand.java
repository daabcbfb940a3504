package io.tidemark.app.command;

import io.tidemark.app.cli.CommandGroup;
import io.tidemark.app.station.StartupTimeline;
import io.tidemark.app.station.StartupWarmUp;
import io.tidemark.app.station.StationConfig;
import io.tidemark.app.station.StationService;
import io.tidemark.app.station.SystemdNotifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code tidemark station run [--config FILE]}: the unattended recording service (docs/station.md). */
@Command(name = "station", description = "The unattended recording service.",
        subcommands = StationCommand.Run.class, mixinStandardHelpOptions = true)
public final class StationCommand extends CommandGroup {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Records into the configured deployment, session after session, in the foreground "
                    + "(systemd Type=notify); serves the control API. SIGTERM ends the session cleanly.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", description = "the station's JSON config (default ${DEFAULT-VALUE})",
                defaultValue = "/etc/tidemark/station.json")
        Path config;

        @Override
        public Integer call() throws Exception {
            StartupTimeline.mark("command parsed");
            StartupWarmUp.start();
            StationConfig cfg = StationConfig.read(config);
            StartupTimeline.mark("config read");
            SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
            StationService service = new StationService(cfg, line -> System.err.println(line), systemd);
            service.exportWith(ExportCommand::forStation);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                systemd.stopping("stopping: SIGTERM");
                service.shutdown();
                try {
                    done.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "station-stop");
            try {
                service.open();
                Runtime.getRuntime().addShutdownHook(hook);
                service.run();
            } finally {
                service.close();
                done.countDown();
            }
            return 0;
        }
    }
}
