package io.tidemark.sync.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces joined by a veth pair (TEST-RIGS.md): interface {@value #IF_A} (10.77.0.1) in
 * namespace {@link #a}, {@value #IF_B} (10.77.0.2) in {@link #b}, loopback up in both and multicast
 * (224.0.0.0/4) routed onto the veth. Names are unique per run; {@link #close} removes both namespaces
 * (and with them the veth), and a shutdown hook does so if a test never reaches it. Fails (never skips)
 * when {@code ip} is missing.
 */
public final class NetnsPair implements AutoCloseable {

    public static final String IF_A = "vA";
    public static final String IF_B = "vB";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern LINK_ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");

    public final String a;
    public final String b;
    private final Thread cleanup;
    private boolean closed;

    private NetnsPair(String a, String b) {
        this.a = a;
        this.b = b;
        this.cleanup = new Thread(this::removeNamespaces, "netns-cleanup");
    }

    public static NetnsPair create() throws IOException {
        String tag = "tidemark-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        NetnsPair pair = new NetnsPair(tag + "-a", tag + "-b");
        Runtime.getRuntime().addShutdownHook(pair.cleanup);
        try {
            ip("netns", "add", pair.a);
            ip("netns", "add", pair.b);
            ip("-n", pair.a, "link", "add", IF_A, "type", "veth", "peer", "name", IF_B, "netns", pair.b);
            pair.configure(pair.a, IF_A, "10.77.0.1/24");
            pair.configure(pair.b, IF_B, "10.77.0.2/24");
        } catch (IOException | RuntimeException | Error e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void configure(String ns, String iface, String cidr) throws IOException {
        ip("-n", ns, "addr", "add", cidr, "dev", iface);
        ip("-n", ns, "link", "set", iface, "up");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", iface);
    }

    /** A process builder for {@code command} run inside namespace {@code ns}. */
    public ProcessBuilder in(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        return new ProcessBuilder(c);
    }

    /** The MAC of {@code iface} in namespace {@code ns}. */
    public byte[] mac(String ns, String iface) throws IOException {
        String out = ip("-n", ns, "link", "show", iface);
        Matcher m = LINK_ETHER.matcher(out);
        if (!m.find()) {
            throw new IOException("no MAC in: " + out);
        }
        return HexFormat.ofDelimiter(":").parseHex(m.group(1));
    }

    /** Runs {@code ip args...}, returning its output; fails with that output when it exits non-zero. */
    static String ip(String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(c).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("ip is not installed (apt-get install iproute2; ./run-tests does this)", e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", c) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", c), e);
        }
    }

    private synchronized void removeNamespaces() {
        if (closed) {
            return;
        }
        closed = true;
        for (String ns : List.of(a, b)) {
            try {
                ip("netns", "del", ns);
            } catch (IOException e) {
                // not created (create failed half-way) or already gone
            }
        }
    }

    @Override
    public void close() {
        removeNamespaces();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (and finds nothing to do)
        }
    }
}
