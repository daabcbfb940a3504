package io.tidemark.app.command;

import io.tidemark.app.Tidemark;
import io.tidemark.sync.ntp.ChronyRig;
import io.tidemark.sync.ntp.NtpPacket;
import io.tidemark.sync.ntp.NtpProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must-show of the NTP issue, through the command itself: {@code tidemark ntp serve --upstream} runs as
 * its own process following a chronyd, and a second chronyd ({@code -x -Q}, touching no clock)
 * accepts it as a server and measures it within 100 us. SIGTERM then stops it.
 */
class NtpServeChronyTest {

    private static final String UPSTREAM = "127.0.0.2"; // not 127.0.0.1: chrony's loop test rejects its own address

    @Test
    void chronyAcceptsTidemarkNtpServeFollowingChrony(@TempDir Path dir) throws Exception {
        int upstreamPort = ChronyRig.freePort();
        int port = ChronyRig.freePort();
        try (ChronyRig upstream = ChronyRig.server(UPSTREAM, upstreamPort, 1)) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path log = dir.resolve("serve.log");
            Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", cp, Tidemark.class.getName(), "ntp", "serve", "--bind", "127.0.0.1", "--port", "" + port,
                    "--upstream", UPSTREAM + ":" + upstreamPort, "--min-poll", "-1", "--max-poll", "-1")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + 90_000_000_000L;
                NtpPacket reply = null;
                while (System.nanoTime() < deadline && (reply == null || reply.stratum() != 2)) {
                    assertTrue(serve.isAlive(), "tidemark ntp serve died: " + Files.readString(log));
                    reply = NtpProbe.askOrNull(port);
                    Thread.sleep(250);
                }
                assertTrue(reply != null && reply.stratum() == 2 && reply.leap() == 0,
                        "never served as stratum 2: " + reply + "\n" + Files.readString(log) + upstream.output());

                // A continuous chronyd client (not -Q, which decides from one burst): selected, 8 samples,
                // then the median of its next three estimates.
                try (ChronyRig measuring = ChronyRig.measuringClient(port)) {
                    Optional<ChronyRig.ChronyEstimate> estimate = measuring.awaitEstimate(8, 3, 90_000);
                    assertTrue(estimate.isPresent(), "chronyd never selected tidemark ntp serve and estimated its offset:\n"
                            + measuring.output()
                            + "\n--- serve log\n" + Files.readString(log));
                    System.out.printf("chronyd measured tidemark ntp serve %.1f us off (%d samples)%n",
                            estimate.get().estOffsetNs() / 1e3, estimate.get().samples());
                    assertTrue(Math.abs(estimate.get().estOffsetNs()) < 100_000L,
                            "chronyd measured tidemark ntp serve " + estimate.get() + ", not within 100 us:\n" + measuring.output());
                }
            } finally {
                serve.destroy(); // SIGTERM
                boolean stopped = serve.waitFor(10, TimeUnit.SECONDS);
                if (!stopped) {
                    serve.destroyForcibly();
                }
                assertTrue(stopped, "tidemark ntp serve did not stop on SIGTERM");
            }
        }
    }
}
