package io.tidemark.recorder.cli;

import io.tidemark.sync.clock.ClockControl;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.clock.DisciplineGuard;
import io.tidemark.sync.clock.LinuxClockControl;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.engine.SyncConfig;
import io.tidemark.sync.engine.SyncEngine;
import io.tidemark.sync.engine.SyncStatus;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ntp.UdpNtpTransport;
import io.tidemark.sync.ptp.LinuxPtpSocket;
import io.tidemark.sync.ptp.PtpPort;
import io.tidemark.sync.ptp.PtpProfile;
import io.tidemark.sync.time.RealScheduler;
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
public final class SyncCommand implements TidemarkSubcommand, Callable<Integer> {

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
    @Option(names = "--serve-ntp", description = "serve NTP on this UDP port (not yet available)")
    Integer serveNtp;
    @Option(names = "--status-port", defaultValue = "" + DEFAULT_STATUS_PORT,
            description = "loopback TCP port for 'tidemark sync status' (default ${DEFAULT-VALUE})")
    int statusPort;

    @Override
    public Integer call() throws Exception {
        PtpProfile profile = switch (ptp.toLowerCase()) {
            case "dante" -> PtpProfile.DANTE;
            case "aes67" -> PtpProfile.AES67;
            case "off" -> null;
            default -> throw new UserError("unknown --ptp '" + ptp + "'", "use dante, aes67 or off");
        };
        if (profile != null && iface == null) {
            throw new UserError("--ptp " + ptp + " needs --interface", "name the interface carrying PTP, or --ptp off");
        }
        if (profile == null && ntp.isEmpty()) {
            throw new UserError("no time source: --ptp off and no --ntp", "give --ntp HOST or a PTP --interface");
        }
        if (serveNtp != null) {
            throw new UserError("--serve-ntp is not available in this build", "serve NTP with 'tidemark serve'");
        }
        SystemClock clock = SystemClock.platform();
        ClockControl control = null;
        if (discipline) {
            var refusal = DisciplineGuard.refusal(DisciplineGuard.inspect());
            if (refusal.isPresent()) {
                throw new UserError(refusal.get(), "");
            }
            control = new LinuxClockControl();
        }
        ClockEventSink events = e -> log.info("clock {} {} freq {} ppm phase {} ns: {}", e.kind(), e.state(),
                String.format("%.4f", e.frequencyPpm()), e.phaseNs(), e.detail());
        SyncConfig config = SyncConfig.defaults().withDiscipline(discipline).withPtp(profile != null);
        try (RealScheduler scheduler = new RealScheduler("sync-engine");
             SyncEngine engine = new SyncEngine(config, clock, control, scheduler, events, () -> false)) {
            engine.start();
            LinuxPtpSocket socket = null;
            if (profile != null) {
                try {
                    socket = LinuxPtpSocket.open(iface, null, clock);
                } catch (IOException e) {
                    throw new UserError(e.getMessage(), "check --interface and run as root");
                }
                PtpPort port = new PtpPort(PtpPort.Config.of(profile), socket.mac(), socket, engine.ptpListener());
                socket.start(port::receive);
            }
            NtpClient client = null;
            UdpNtpTransport transport = null;
            if (!ntp.isEmpty()) {
                List<NtpServerAddress> servers = new ArrayList<>();
                for (String s : ntp) {
                    servers.add(NtpServerAddress.parse(s));
                }
                transport = new UdpNtpTransport(clock);
                client = new NtpClient(servers, NtpClientConfig.defaults(), clock, transport, scheduler,
                        engine.ntpSink(NtpSampleSink.NONE));
                client.start();
            }
            try (ServerSocket status = new ServerSocket()) {
                status.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), statusPort));
                System.err.println("tidemark sync: running (" + (discipline ? "disciplining" : "monitor only")
                        + "); status on 127.0.0.1:" + statusPort);
                while (true) {
                    try (Socket s = status.accept(); OutputStream out = s.getOutputStream()) {
                        out.write(Json.write(engine.status()).getBytes(StandardCharsets.UTF_8));
                    }
                }
            } finally {
                if (client != null) client.close();
                if (transport != null) transport.close();
                if (socket != null) socket.close();
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
