package io.tidemark.sync.sim;

import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ntp.NtpTransport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * NTP over a simulated network: a request travels the outbound path to a {@link SimNtpServer},
 * the reply travels the inbound path back, each with its own delay, jitter and loss (different
 * paths make the asymmetry NTP cannot see). The reply's arrival is stamped with the client's
 * simulated clocks at its true arrival instant. Everything happens as events on the timeline, so
 * the client's polls interleave with the rest of the simulated world.
 */
public final class SimulatedNtpTransport implements NtpTransport {

    private record Paths(NetworkPath outbound, NetworkPath inbound) {
    }

    private final SimulatedSystemClock clientClock;
    private final SimTimeline timeline;
    private final Map<NtpServerAddress, SimNtpServer> servers;
    private final Map<NtpServerAddress, Paths> paths = new HashMap<>();
    private final Paths defaultPaths;
    private final SplittableRandom random;
    private boolean closed;

    public SimulatedNtpTransport(SimulatedSystemClock clientClock, Map<NtpServerAddress, SimNtpServer> servers,
                                 NetworkPath outbound, NetworkPath inbound, long seed) {
        this.clientClock = clientClock;
        this.timeline = clientClock.timeline();
        this.servers = Map.copyOf(servers);
        this.defaultPaths = new Paths(outbound, inbound);
        this.random = new SplittableRandom(seed);
    }

    /** Servers reached by their own {@link SimNtpServer#address()}. */
    public SimulatedNtpTransport(SimulatedSystemClock clientClock, List<SimNtpServer> servers,
                                 NetworkPath outbound, NetworkPath inbound, long seed) {
        this(clientClock, byAddress(servers), outbound, inbound, seed);
    }

    private static Map<NtpServerAddress, SimNtpServer> byAddress(List<SimNtpServer> servers) {
        Map<NtpServerAddress, SimNtpServer> m = new HashMap<>();
        for (SimNtpServer s : servers) {
            m.put(s.address(), s);
        }
        return m;
    }

    /** Gives one server its own paths instead of the default ones. */
    public SimulatedNtpTransport paths(NtpServerAddress server, NetworkPath outbound, NetworkPath inbound) {
        paths.put(server, new Paths(outbound, inbound));
        return this;
    }

    @Override
    public void send(NtpServerAddress server, byte[] request, long timeoutNs, Listener listener) {
        if (closed) {
            listener.failed("transport closed");
            return;
        }
        SimNtpServer target = servers.get(server);
        if (target == null) {
            listener.failed("unknown host " + server.host());
            return;
        }
        Paths p = paths.getOrDefault(server, defaultPaths);
        long sentNs = timeline.nowNs();
        boolean[] done = {false};
        timeline.schedule(timeoutNs, () -> {
            if (!done[0] && !closed) {
                done[0] = true;
                listener.timedOut();
            }
        });
        OptionalLong out = p.outbound().transitNs(random);
        if (out.isEmpty()) {
            return;
        }
        byte[] copy = request.clone();
        timeline.schedule(out.getAsLong(), () -> {
            var reply = target.handle(copy, copy.length, timeline.nowNs());
            if (reply.isEmpty()) {
                return;
            }
            OptionalLong in = p.inbound().transitNs(random);
            if (in.isEmpty()) {
                return;
            }
            long arrivalNs = reply.get().departureTrueNs() + in.getAsLong();
            if (arrivalNs - sentNs >= timeoutNs) {
                return;
            }
            byte[] bytes = reply.get().bytes();
            timeline.schedule(arrivalNs - timeline.nowNs(), () -> {
                if (!done[0] && !closed) {
                    done[0] = true;
                    listener.replied(bytes, bytes.length, clientClock.readingAt(timeline.nowNs()));
                }
            });
        });
    }

    @Override
    public void close() {
        closed = true;
    }
}
