package io.tidemark.app.command;

import io.tidemark.app.cli.CommandGroup;
import io.tidemark.app.cli.UserError;
import io.tidemark.app.sync.NtpServing;
import io.tidemark.common.Json;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.NtpAccessList;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpFollowingClock;
import io.tidemark.sync.ntp.NtpLocalClock;
import io.tidemark.sync.ntp.NtpPacket;
import io.tidemark.sync.ntp.NtpRateLimiter;
import io.tidemark.sync.ntp.NtpReplyCheck;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpServedClock;
import io.tidemark.sync.ntp.NtpServer;
import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ntp.NtpTimestamp;
import io.tidemark.sync.ntp.NtpTransport;
import io.tidemark.sync.ntp.UdpNtpTransport;
import io.tidemark.sync.time.RealScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code tidemark ntp query|serve}: ask an NTP server, or serve NTP. */
@Command(name = "ntp", description = "Query an NTP server, or serve NTP.", mixinStandardHelpOptions = true,
        subcommands = {NtpCommand.Query.class, NtpCommand.Serve.class})
public final class NtpCommand extends CommandGroup {

    static NtpServerAddress parseServer(String text) {
        NtpServerAddress a;
        try {
            a = NtpServerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError("bad NTP server '" + text + "': " + e.getMessage(), "use HOST or HOST:PORT");
        }
        try {
            InetAddress.getByName(a.host());
        } catch (UnknownHostException e) {
            throw new UserError("unknown host '" + a.host() + "'", "check the server name or use its IP address");
        }
        return a;
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Sends a burst of requests to an NTP server and prints offset, delay and the chosen sample.")
    static final class Query implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "the server (port 123 if omitted)")
        String server;

        @Option(names = "--count", defaultValue = "8", description = "requests to send (default ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--timeout", defaultValue = "1s", description = "wait per reply (default ${DEFAULT-VALUE})")
        java.time.Duration timeout;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            if (count < 1 || count > 64) {
                throw new UserError("--count must be 1..64, not " + count, "choose a smaller burst");
            }
            NtpServerAddress addr = parseServer(server);
            SystemClock clock = SystemClock.platform();
            List<NtpReplyCheck.Result> results = new ArrayList<>();
            try (UdpNtpTransport udp = new UdpNtpTransport(clock)) {
                for (int i = 0; i < count; i++) {
                    ClockReading[] t1 = {clock.read()};
                    long tx = NtpTimestamp.fromUnixNs(t1[0].realtimeNs());
                    NtpReplyCheck.Result[] out = new NtpReplyCheck.Result[1];
                    udp.send(addr, NtpPacket.clientRequest(tx).encode(), timeout.toNanos(), new NtpTransport.Listener() {
                        @Override
                        public void sending(ClockReading sent) {
                            t1[0] = sent;
                        }

                        @Override
                        public void replied(byte[] reply, int length, ClockReading t4) {
                            out[0] = NtpReplyCheck.check(addr, t1[0], tx, reply, length, t4, 1_000_000);
                        }

                        @Override
                        public void timedOut() {
                            out[0] = new NtpReplyCheck.Result(NtpReplyCheck.reject(addr, t1[0], null, "no reply"),
                                    null, null, false);
                        }

                        @Override
                        public void failed(String reason) {
                            throw new UserError("cannot send to " + addr + ": " + reason, "check the host and port");
                        }
                    });
                    results.add(out[0]);
                    if (out[0].kissCode() != null) {
                        break;
                    }
                    if (i + 1 < count) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int chosen = -1;
            for (int i = 0; i < results.size(); i++) {
                NtpSample s = results.get(i).sample();
                if (s.accepted() && (chosen < 0 || s.delayNs() < results.get(chosen).sample().delayNs())) {
                    chosen = i;
                }
            }
            boolean anyReply = results.stream().anyMatch(r -> r.packet() != null);
            if (!anyReply) {
                throw new UserError("no reply from " + addr + " to " + results.size() + " requests",
                        "check the host, the port and that the server allows this machine");
            }
            print(addr, results, chosen, System.out);
            return chosen >= 0 ? 0 : 1;
        }

        private void print(NtpServerAddress addr, List<NtpReplyCheck.Result> results, int chosen, PrintStream out) {
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("server", addr.toString());
                if (chosen >= 0) {
                    NtpSample c = results.get(chosen).sample();
                    doc.put("offsetNs", c.offsetNs());
                    doc.put("delayNs", c.delayNs());
                    doc.put("stratum", c.stratum());
                    doc.put("refid", c.refId());
                    doc.put("leap", c.leap());
                }
                doc.put("chosenSample", chosen >= 0 ? chosen : null);
                List<Map<String, Object>> list = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    NtpSample s = results.get(i).sample();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("index", i);
                    m.put("chosen", i == chosen);
                    m.put("valid", s.accepted());
                    m.put("rejectReason", s.rejectReason());
                    m.put("offsetNs", s.offsetNs());
                    m.put("delayNs", s.delayNs());
                    m.put("stratum", s.stratum());
                    m.put("refid", s.refId());
                    m.put("leap", s.leap());
                    m.put("t1Ns", s.t1Ns());
                    m.put("t2Ns", s.t2Ns());
                    m.put("t3Ns", s.t3Ns());
                    m.put("t4Ns", s.t4Ns());
                    list.add(m);
                }
                doc.put("samples", list);
                out.println(Json.write(doc));
                return;
            }
            out.printf("server %s%n", addr);
            out.printf("%-3s %-6s %14s %12s %7s %-16s %4s  %s%n", "#", "chosen", "offsetNs", "delayNs", "stratum",
                    "refid", "leap", "note");
            for (int i = 0; i < results.size(); i++) {
                NtpSample s = results.get(i).sample();
                out.printf("%-3d %-6s %14d %12d %7d %-16s %4d  %s%n", i, i == chosen ? "*" : "", s.offsetNs(),
                        s.delayNs(), s.stratum(), s.refId(), s.leap(), s.accepted() ? "" : s.rejectReason());
            }
            if (chosen >= 0) {
                NtpSample c = results.get(chosen).sample();
                out.printf("chosen sample %d (least delay): offsetNs %d delayNs %d stratum %d refid %s leap %d%n",
                        chosen, c.offsetNs(), c.delayNs(), c.stratum(), c.refId(), c.leap());
            } else {
                out.println("no usable sample: " + results.get(results.size() - 1).sample().rejectReason());
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves NTP in the foreground until stopped (SIGTERM or Ctrl-C). Answers loopback and "
                    + "--allow blocks only; unsynchronised (LI=3, stratum 16) until it follows an --upstream.")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", defaultValue = "123", description = "UDP port (default ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "local address (default ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--allow", paramLabel = "CIDR", description = "also answer this address block, e.g. 192.168.1.0/24")
        List<String> allow = new ArrayList<>();

        @Option(names = "--upstream", paramLabel = "HOST[:PORT]", description = "follow this NTP server")
        List<String> upstream = new ArrayList<>();

        @Option(names = "--local-stratum", paramLabel = "N",
                description = "serve the local clock as-is at stratum N (isolated networks only)")
        Integer localStratum;

        @Option(names = "--min-poll", defaultValue = "4", description = "upstream poll, log2 s (default ${DEFAULT-VALUE})")
        int minPoll;

        @Option(names = "--max-poll", defaultValue = "7", description = "upstream poll, log2 s (default ${DEFAULT-VALUE})")
        int maxPoll;

        @Option(names = "--rate", defaultValue = "8", description = "requests a second per client (default ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--kod", description = "tell rate-limited clients with Kiss-o'-Death RATE")
        boolean kod;

        @Override
        public Integer call() throws Exception {
            NtpServing.checkPort(port, NtpServing.Flags.NTP_SERVE);
            NtpAccessList access = NtpServing.accessList(allow, NtpServing.Flags.NTP_SERVE);
            if (localStratum != null && (localStratum < 1 || localStratum > 15)) {
                throw new UserError("--local-stratum must be 1..15, not " + localStratum, "choose e.g. 10");
            }
            if (localStratum != null && !upstream.isEmpty()) {
                throw new UserError("--local-stratum and --upstream exclude each other", "give one of them");
            }
            if (minPoll > maxPoll) {
                throw new UserError("--min-poll is above --max-poll", "swap them");
            }
            if (!(rate > 0)) {
                throw new UserError("--rate must be positive", "give e.g. 8");
            }
            InetAddress bindAddress;
            try {
                bindAddress = InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new UserError("unknown --bind address '" + bind + "'", "give a local address such as 127.0.0.1");
            }
            List<NtpServerAddress> upstreams = new ArrayList<>();
            for (String u : upstream) {
                upstreams.add(parseServer(u));
            }
            SystemClock clock = SystemClock.platform();
            CountDownLatch stop = new CountDownLatch(1);
            try (RealScheduler scheduler = new RealScheduler("ntp-client");
                 UdpNtpTransport udp = new UdpNtpTransport(clock)) {
                NtpClient client = null;
                NtpServedClock served;
                if (!upstreams.isEmpty()) {
                    NtpClientConfig cfg = NtpClientConfig.defaults().withPoll(minPoll, maxPoll);
                    client = new NtpClient(upstreams, cfg, clock, udp, scheduler, NtpSampleLog::log);
                    served = new NtpFollowingClock(client, clock);
                    client.start();
                } else if (localStratum != null) {
                    served = new NtpLocalClock(clock, localStratum);
                } else {
                    served = NtpServedClock.unsynchronised(clock);
                }
                NtpServer server = new NtpServing(bind, bindAddress, port, access, new NtpRateLimiter(rate, 16, 16_384),
                        kod, NtpServing.Flags.NTP_SERVE).start(served, clock);
                Thread hook = new Thread(stop::countDown, "ntp-serve-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                System.err.println("tidemark: serving NTP on " + server.localAddress()
                        + (upstreams.isEmpty() ? (localStratum != null ? " at local stratum " + localStratum
                        : " (unsynchronised: no --upstream)") : " following " + upstreams));
                try {
                    stop.await();
                } finally {
                    server.close();
                    if (client != null) {
                        client.close();
                    }
                }
            }
            return 0;
        }
    }

    /** Upstream samples go to the log while serving (no session database here). */
    static final class NtpSampleLog {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NtpSampleLog.class);

        static void log(NtpSample s) {
            log.debug("{} accepted={} offsetNs={} delayNs={} {}", s.server(), s.accepted(), s.offsetNs(), s.delayNs(),
                    s.rejectReason() == null ? "" : s.rejectReason());
        }
    }
}
