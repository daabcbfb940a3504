package io.tidemark.app.command;

import io.tidemark.app.cli.UserError;
import io.tidemark.app.sync.NtpServing;
import io.tidemark.app.sync.SyncEngineHost;
import io.tidemark.common.Json;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.engine.SyncStatus;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ptp.PtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tidemark sync}: the sync engine as a daemon (monitor-only unless {@code --discipline}), and
 * {@code tidemark sync status}, which asks a running daemon over its loopback status port.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, subcommands = SyncCommand.Status.class,
        description = "Runs the sync engine: frequency from PTP (Dante v1 / AES67 v2), phase from NTP.")
public final class SyncCommand implements Callable<Integer> {

    static final int DEFAULT_STATUS_PORT = 4320;
    private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

    @Option(names = "--ptp", defaultValue = "dante", description = "dante, aes67 or off (default ${DEFAULT-VALUE})")
    String ptp;
    @Option(names = "--interface", description = "network interface carrying PTP")
    String iface;
    @Option(names = "--ntp", description = "NTP server host[:port]; repeatable")
    List<String> ntp = new ArrayList<>();
    @Option(names = "--discipline", description = "steer the system clock (needs CAP_SYS_TIME; default: monitor only)")
    boolean discipline;
    @Option(names = "--serve-ntp", paramLabel = "PORT",
            description = "serve the engine's time over NTP on this UDP port (loopback and --ntp-allow only)")
    Integer serveNtp;
    @Option(names = "--ntp-allow", paramLabel = "CIDR", description = "also serve NTP to this address block; repeatable")
    List<String> ntpAllow = new ArrayList<>();
    @Option(names = "--status-port", defaultValue = "" + DEFAULT_STATUS_PORT,
            description = "loopback TCP port for 'tidemark sync status' (default ${DEFAULT-VALUE})")
    int statusPort;

    @Override
    public Integer call() throws Exception {
        PtpProfile profile = SyncEngineHost.parsePtp(ptp);
        if (profile == null && ntp.isEmpty()) {
            throw new UserError("no time source: --ptp off and no --ntp", "give --ntp HOST or a PTP --interface");
        }
        List<NtpServerAddress> servers = new ArrayList<>();
        for (String s : ntp) {
            servers.add(NtpCommand.parseServer(s));
        }
        SyncEngineHost.Options options = new SyncEngineHost.Options(profile, iface, servers, discipline,
                NtpServing.forSyncEngine(serveNtp, ntpAllow));
        ClockEventSink events = e -> log.info("clock {} {} freq {} ppm phase {} ns: {}", e.kind().text(), e.state(),
                String.format("%.4f", e.frequencyPpm()), e.phaseNs(), e.detail());
        try (SyncEngineHost host = SyncEngineHost.open(options, SystemClock.platform());
             ServerSocket status = new ServerSocket()) {
            try {
                status.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), statusPort));
            } catch (IOException e) {
                throw new UserError("cannot listen for status on 127.0.0.1:" + statusPort + " (" + e.getMessage() + ")",
                        "another 'tidemark sync' may be running: stop it or give --status-port");
            }
            host.start(events, NtpSampleSink.NONE, () -> false);
            if (host.ntpClient() != null) {
                host.ntpClient().start();
            }
            System.err.println("tidemark sync: running (" + host.describe() + "); status on 127.0.0.1:" + statusPort);
            while (true) {
                try (Socket s = status.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(Json.write(host.engine().status()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a running 'tidemark sync'.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--status-port", defaultValue = "" + DEFAULT_STATUS_PORT,
                description = "the daemon's status port (default ${DEFAULT-VALUE})")
        int statusPort;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String text;
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), statusPort); InputStream in = s.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError("no 'tidemark sync' answers on 127.0.0.1:" + statusPort,
                        "start it with 'tidemark sync ...' or give its --status-port");
            }
            if (json) {
                System.out.println(text);
                return 0;
            }
            SyncStatus st = Json.MAPPER.readValue(text, SyncStatus.class);
            System.out.printf("state           %s (%s)%n", st.state(), st.disciplining() ? "disciplining" : "monitor only");
            System.out.printf("grandmaster     %s (PTPv%d, %s timestamps)%n", st.grandmaster(), st.ptpVersion(),
                    st.timestampSource());
            System.out.printf("PTP rate        %.4f ppm ± %s%n", st.ptpRatePpm(), st.ptpRateStdErrPpm());
            System.out.printf("PTP path delay  %d ns (Delay_Req sent: %s timestamp)%n", st.pathDelayNs(),
                    st.delayReqTimestampSource());
            System.out.printf("NTP offset      %s ns%n", st.ntpOffsetNs());
            System.out.printf("frequency       %.4f ppm (slew %.4f)%n", st.frequencyPpm(), st.slewPpm());
            System.out.printf("steps           %d%n", st.steps());
            return 0;
        }
    }
}
