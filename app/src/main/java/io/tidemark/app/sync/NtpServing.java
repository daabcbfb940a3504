package io.tidemark.app.sync;

import io.tidemark.app.cli.UserError;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.CidrRange;
import io.tidemark.sync.ntp.NtpAccessList;
import io.tidemark.sync.ntp.NtpRateLimiter;
import io.tidemark.sync.ntp.NtpServedClock;
import io.tidemark.sync.ntp.NtpServer;
import io.tidemark.sync.ntp.NtpServerHandler;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Serving NTP, as {@code tidemark ntp serve} and the sync engine's {@code --serve-ntp} both do it: the port
 * checked, the allow-list parsed into an {@link NtpAccessList}, the {@link NtpServer} bound. Every failure is
 * one line in the words of the command that serves ({@link Flags}).
 *
 * @param host        the local address as the user gave it (for messages)
 * @param address     that address resolved
 * @param port        UDP port, 1..65535
 * @param access      who is answered: loopback and the allowed blocks
 * @param rateLimiter requests a second per client
 * @param kissOfDeath tell rate-limited clients with Kiss-o'-Death RATE
 * @param flags       how errors name the flags
 */
public record NtpServing(String host, InetAddress address, int port, NtpAccessList access, NtpRateLimiter rateLimiter,
                         boolean kissOfDeath, Flags flags) {

    /** Each command's own flags and phrasing for the same failures. */
    public enum Flags {
        /** {@code --serve-ntp PORT --ntp-allow CIDR} of {@code tidemark sync} and {@code tidemark record}. */
        SERVE_NTP("--serve-ntp", "must be a UDP port 1..65535", "--ntp-allow", "--serve-ntp port", "--serve-ntp port"),
        /** {@code --port --bind --allow} of {@code tidemark ntp serve}. */
        NTP_SERVE("--port", "must be 1..65535", "--allow", "--port", "--port or --bind");

        private final String portFlag;
        private final String portRange;
        private final String allowFlag;
        private final String otherPort;
        private final String otherAddress;

        Flags(String portFlag, String portRange, String allowFlag, String otherPort, String otherAddress) {
            this.portFlag = portFlag;
            this.portRange = portRange;
            this.allowFlag = allowFlag;
            this.otherPort = otherPort;
            this.otherAddress = otherAddress;
        }

        private String cannotBind(String host, int port) {
            return this == SERVE_NTP ? "cannot serve NTP on port " + port : "cannot listen on " + host + ":" + port;
        }
    }

    /**
     * The sync engine's serving ({@code --serve-ntp}, {@code --ntp-allow}) on every local address, or null when
     * {@code port} is null. The allow-list is checked either way: a typo is refused even when unused.
     */
    public static NtpServing forSyncEngine(Integer port, List<String> allow) {
        NtpAccessList access = accessList(allow, Flags.SERVE_NTP);
        if (port == null) {
            return null;
        }
        checkPort(port, Flags.SERVE_NTP);
        try {
            return new NtpServing("0.0.0.0", InetAddress.getByName("0.0.0.0"), port, access,
                    NtpRateLimiter.defaults(), false, Flags.SERVE_NTP);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a literal address needs no lookup
        }
    }

    public static void checkPort(int port, Flags flags) {
        if (port < 1 || port > 65_535) {
            throw new UserError(flags.portFlag + " " + flags.portRange + ", not " + port, "choose another port");
        }
    }

    /** Loopback and {@code blocks} (CIDR, e.g. 192.168.1.0/24). */
    public static NtpAccessList accessList(List<String> blocks, Flags flags) {
        List<CidrRange> ranges = new ArrayList<>();
        for (String a : blocks) {
            try {
                ranges.add(CidrRange.parse(a));
            } catch (IllegalArgumentException e) {
                throw new UserError("bad " + flags.allowFlag + ": " + e.getMessage(),
                        "give an address block like 192.168.1.0/24");
            }
        }
        return NtpAccessList.loopbackAnd(ranges);
    }

    /** Binds the server and starts answering with {@code served}'s time. */
    public NtpServer start(NtpServedClock served, SystemClock clock) {
        NtpServerHandler handler = new NtpServerHandler(served, access, rateLimiter, kissOfDeath);
        try {
            return NtpServer.start(new InetSocketAddress(address, port), served, handler, clock);
        } catch (BindException e) {
            throw new UserError(flags.cannotBind(host, port) + " (" + e.getMessage() + ")",
                    "the port is in use or needs privileges: choose another " + flags.otherPort);
        } catch (IOException e) {
            throw new UserError(flags.cannotBind(host, port) + " (" + e.getMessage() + ")",
                    "choose another " + flags.otherAddress);
        }
    }
}
