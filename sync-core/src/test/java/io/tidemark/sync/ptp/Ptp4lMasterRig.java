package io.tidemark.sync.ptp;

import io.tidemark.sync.net.NetnsPair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ptp4l as a PTPv2 master (TEST-RIGS.md) on {@link NetnsPair#IF_A} in namespace {@code a}: software
 * timestamps, UDPv4, {@code masterOnly 1}, priority1 1, 8 Sync/s. A master never steers a clock.
 * {@link #close} stops it. Fails (never skips) when ptp4l is not installed.
 */
public final class Ptp4lMasterRig implements AutoCloseable {

    private static final Pattern BEST_MASTER = Pattern.compile("selected local clock ([0-9a-f.]+) as best master");

    public final Path log;
    private final Process process;

    private Ptp4lMasterRig(Path log, Process process) {
        this.log = log;
        this.process = process;
    }

    public static Ptp4lMasterRig start(NetnsPair net, Path dir) throws IOException {
        if (List.of("/usr/sbin/ptp4l", "/sbin/ptp4l", "/usr/bin/ptp4l").stream().noneMatch(p -> Files.isExecutable(Path.of(p)))) {
            throw new AssertionError("ptp4l is not installed (apt-get install linuxptp; ./run-tests does this)");
        }
        Path conf = dir.resolve("ptp4l.conf");
        Files.write(conf, List.of("[global]", "masterOnly 1", "priority1 1", "logSyncInterval -3",
                "time_stamping software", "network_transport UDPv4"), StandardCharsets.UTF_8);
        Path log = dir.resolve("ptp4l.log");
        Process p = net.in(net.a, "ptp4l", "-i", NetnsPair.IF_A, "-f", conf.toString(), "-m")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Ptp4lMasterRig(log, p);
    }

    /**
     * Waits until ptp4l says "assuming the grand master role" (about 8 s after start) and returns the
     * clock identity it selected as best master, as ptp4l prints it ("4628a7.fffe.2fe9aa").
     */
    public String awaitGrandmaster(long timeoutMs) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < end) {
            String out = output();
            if (!process.isAlive()) {
                throw new AssertionError("ptp4l exited with " + process.exitValue() + ":\n" + out);
            }
            Matcher m = BEST_MASTER.matcher(out);
            if (out.contains("assuming the grand master role") && m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ptp4l did not become grandmaster within " + timeoutMs + " ms:\n" + output());
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
