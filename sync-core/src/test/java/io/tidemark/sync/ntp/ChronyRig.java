package io.tidemark.sync.ntp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real chronyd for a test (TEST-RIGS.md): never touching the clock ({@code -x}), on a free
 * loopback port, in a unique temporary folder, and always killed and cleaned up by {@link #close}.
 * Fails (never skips) when chronyd is not installed.
 */
public final class ChronyRig implements AutoCloseable {

    public final Path dir;
    public final Path log;
    private final Process process;

    private ChronyRig(Path dir, Process process) {
        this.dir = dir;
        this.log = dir.resolve("chronyd.log");
        this.process = process;
    }

    public static String chronyd() {
        for (String p : List.of("/usr/sbin/chronyd", "/sbin/chronyd", "/usr/bin/chronyd")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("chronyd is not installed (apt-get install chrony; ./run-tests does this)");
    }

    /** A free UDP port on loopback (free when asked; good enough for tests). */
    public static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** chronyd serving its own clock at {@code stratum} on 127.0.0.1:{@code port}. */
    public static ChronyRig server(int port, int stratum) throws IOException {
        return server("127.0.0.1", port, stratum);
    }

    /** chronyd serving its own clock at {@code stratum} on {@code loopbackAddress}:{@code port}. */
    public static ChronyRig server(String loopbackAddress, int port, int stratum) throws IOException {
        return start(List.of("local stratum " + stratum, "allow 127.0.0.0/8", "port " + port,
                "bindaddress " + loopbackAddress), List.of());
    }

    /**
     * chronyd as a continuous client of 127.0.0.1:{@code serverPort}, polling every 250 ms and never
     * touching the clock ({@code -x}). Its estimate of our offset is read by {@link #awaitEstimate}.
     */
    public static ChronyRig measuringClient(int serverPort) throws IOException {
        return start(List.of("server 127.0.0.1 port " + serverPort + " iburst minpoll -2 maxpoll -2", "port 0"),
                List.of());
    }

    /**
     * chronyd's own estimate of the server's offset from the kernel clock, once chronyd has selected the
     * server ({@code *} in selection.log) and its regression holds at least {@code minSamples} samples:
     * the median "Est offset" of the next {@code estimates} statistics.log lines. Unlike {@code chronyd -Q},
     * which decides from the three or four exchanges of one burst (on a loaded 2-vCPU runner one late reply
     * spoils it, or ends it with "No suitable source"), this rides out a late reply the way a real client does.
     * Empty if chronyd has not got there within {@code timeoutMs}.
     */
    public Optional<ChronyEstimate> awaitEstimate(int minSamples, int estimates, long timeoutMs)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            Optional<ChronyEstimate> e = estimate(minSamples, estimates);
            if (e.isPresent()) {
                return e;
            }
            Thread.sleep(250);
        }
        return estimate(minSamples, estimates);
    }

    /** chronyd's median "Est offset" between the server and the kernel clock (chrony's sign), and its sample count. */
    public record ChronyEstimate(long estOffsetNs, int samples) {
    }

    private Optional<ChronyEstimate> estimate(int minSamples, int estimates) throws IOException {
        Path selection = dir.resolve("selection.log");
        Path statistics = dir.resolve("statistics.log");
        if (!Files.exists(selection) || !Files.exists(statistics)) {
            return Optional.empty();
        }
        String firstSelected = null; // "yyyy-mm-dd hh:mm:ss" of the first selection
        for (String line : Files.readAllLines(selection, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[0].matches("\\d{4}-\\d\\d-\\d\\d") && f[3].equals("*")) {
                firstSelected = f[0] + " " + f[1];
                break;
            }
        }
        if (firstSelected == null) {
            return Optional.empty();
        }
        List<Long> offsetsNs = new ArrayList<>();
        int samples = 0;
        for (String line : Files.readAllLines(statistics, StandardCharsets.UTF_8)) {
            // Date Time IP Std-dev'n Est-offset Offset-sd Diff-freq Est-skew Stress Ns Bs Nr Asym
            String[] f = line.trim().split("\\s+");
            if (f.length < 13 || !f[0].matches("\\d{4}-\\d\\d-\\d\\d")
                    || (f[0] + " " + f[1]).compareTo(firstSelected) < 0) {
                continue;
            }
            int ns = Integer.parseInt(f[9]);
            if (ns >= minSamples) {
                offsetsNs.add(Math.round(Double.parseDouble(f[4]) * 1e9));
                samples = ns;
            }
        }
        if (offsetsNs.size() < estimates) {
            return Optional.empty();
        }
        List<Long> first = new ArrayList<>(offsetsNs.subList(0, estimates));
        first.sort(null);
        return Optional.of(new ChronyEstimate(first.get(estimates / 2), samples));
    }

    private static ChronyRig start(List<String> lines, List<String> extraArgs) throws IOException {
        Path dir = Files.createTempDirectory("tidemark-chrony-");
        List<String> conf = new ArrayList<>(lines);
        conf.add("cmdport 0");
        conf.add("pidfile " + dir.resolve("chronyd.pid"));
        conf.add("driftfile " + dir.resolve("drift"));
        // chrony's own account of every sample and selection, for a failing test's message.
        conf.add("logdir " + dir);
        conf.add("log measurements statistics selection");
        Files.write(dir.resolve("chrony.conf"), conf, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(chronyd(), "-x", "-d", "-u", "root", "-f",
                dir.resolve("chrony.conf").toString()));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chronyd.log").toFile()).start();
        return new ChronyRig(dir, p);
    }

    public boolean waitFor(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        StringBuilder b = new StringBuilder(Files.exists(log) ? Files.readString(log) : "");
        for (String name : new String[]{"measurements.log", "statistics.log", "selection.log"}) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                b.append("\n--- ").append(name).append('\n').append(Files.readString(p));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
        }
    }
}
