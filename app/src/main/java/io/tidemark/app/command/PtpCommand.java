package io.tidemark.app.command;

import io.tidemark.app.cli.CommandGroup;
import io.tidemark.app.cli.UserError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ptp.LinuxPtpSocket;
import io.tidemark.sync.ptp.PtpMeasurement;
import io.tidemark.sync.ptp.PtpObservation;
import io.tidemark.sync.ptp.PtpPort;
import io.tidemark.sync.ptp.PtpPortListener;
import io.tidemark.sync.ptp.PtpProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark ptp monitor}: decodes the PTP traffic on an interface, one line per message. */
@Command(name = "ptp", description = "PTP (Dante PTPv1, AES67 PTPv2) tools.", subcommands = PtpCommand.Monitor.class,
        mixinStandardHelpOptions = true)
public final class PtpCommand extends CommandGroup {

    @Command(name = "monitor", mixinStandardHelpOptions = true,
            description = "Prints every decoded PTP message on an interface; sends Delay_Req to measure the path delay.")
    static final class Monitor implements Callable<Integer> {
        @Option(names = "--interface", required = true, description = "network interface, e.g. eth0")
        String iface;
        @Option(names = "--duration", description = "stop after this long, e.g. 30s (default: until interrupted)")
        Duration duration;
        @Option(names = "--ptp", defaultValue = "any", description = "dante, aes67 or any (default ${DEFAULT-VALUE})")
        String profile;
        @Option(names = "--json", description = "one JSON object per line")
        boolean json;

        private static final ObjectMapper LINE = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public Integer call() throws Exception {
            PtpProfile p = switch (profile.toLowerCase()) {
                case "dante" -> PtpProfile.DANTE;
                case "aes67" -> PtpProfile.AES67;
                case "any" -> PtpProfile.ANY;
                default -> throw new UserError("unknown --ptp '" + profile + "'", "use dante, aes67 or any");
            };
            LinuxPtpSocket socket;
            try {
                socket = LinuxPtpSocket.open(iface, null, SystemClock.platform());
            } catch (IOException e) {
                throw new UserError(e.getMessage(), "check the interface name and run as root");
            }
            try (socket) {
                PtpPort port = new PtpPort(PtpPort.Config.of(p), socket.mac(), socket, new PtpPortListener() {
                    @Override
                    public void onMeasurement(PtpMeasurement m) {
                    }

                    @Override
                    public void onMessage(PtpObservation o) {
                        print(o);
                    }
                });
                socket.start(port::receive);
                long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                }
            }
            return 0;
        }

        private synchronized void print(PtpObservation o) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", o.version());
            m.put("type", o.type().name());
            m.put("sequenceId", o.sequenceId());
            m.put("source", o.source().toString());
            m.put("grandmaster", o.grandmaster() == null ? null : o.grandmaster().toString());
            m.put("offsetNs", o.offsetNs());
            m.put("delayNs", o.delayNs());
            m.put("timestampSource", o.timestampSource().name());
            m.put("delayReqTimestampSource", o.delayReqTimestampSource() == null ? null : o.delayReqTimestampSource().name());
            if (json) {
                try {
                    System.out.println(LINE.writeValueAsString(m));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                System.out.printf("v%d %-10s seq %5d from %s gm %s offset %s delay %s%n", o.version(), o.type(),
                        o.sequenceId(), o.source(), m.get("grandmaster"),
                        o.offsetNs() == null ? "-" : o.offsetNs() + " ns", o.delayNs() == null ? "-" : o.delayNs() + " ns");
            }
            System.out.flush();
        }
    }
}
