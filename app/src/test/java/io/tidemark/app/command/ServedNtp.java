package io.tidemark.app.command;

import io.tidemark.sync.ntp.ChronyRig;
import io.tidemark.sync.ntp.NtpPacket;
import io.tidemark.sync.ntp.NtpProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chrony tests of both NTP-serving commands check of a tidemark process that serves a chronyd's time. */
final class ServedNtp {

    /** The upstream chronyd's address: not 127.0.0.1, which chrony's loop test rejects as its own. */
    static final String UPSTREAM = "127.0.0.2";

    private ServedNtp() {
    }

    /** Waits until {@code process} answers on {@code port} as stratum 2 (its upstream's 1 + 1), leap 0. */
    static void awaitStratum2(Process process, String name, int port, long timeoutNs, Path log, ChronyRig upstream)
            throws Exception {
        long deadline = System.nanoTime() + timeoutNs;
        NtpPacket reply = null;
        while (System.nanoTime() < deadline && (reply == null || reply.stratum() != 2)) {
            assertTrue(process.isAlive(), name + " died: " + Files.readString(log));
            reply = NtpProbe.askOrNull(port);
            Thread.sleep(250);
        }
        assertTrue(reply != null && reply.stratum() == 2 && reply.leap() == 0,
                "never served as stratum 2: " + reply + "\n" + Files.readString(log) + upstream.output());
    }

    /**
     * A continuous chronyd client (not -Q, which decides from one burst) selects the server on {@code port}, takes
     * 8 samples, and the median of its next three estimates is within 100 µs.
     */
    static void assertChronyMeasuresWithin100us(String name, int port, Path log) throws Exception {
        try (ChronyRig measuring = ChronyRig.measuringClient(port)) {
            Optional<ChronyRig.ChronyEstimate> estimate = measuring.awaitEstimate(8, 3, 90_000);
            assertTrue(estimate.isPresent(), "chronyd never selected " + name + " and estimated its offset:\n"
                    + measuring.output() + "\n--- " + name + " log\n" + Files.readString(log));
            System.out.printf("chronyd measured %s %.1f us off (%d samples)%n", name,
                    estimate.get().estOffsetNs() / 1e3, estimate.get().samples());
            assertTrue(Math.abs(estimate.get().estOffsetNs()) < 100_000L,
                    "chronyd measured " + name + " " + estimate.get() + ", not within 100 us:\n" + measuring.output());
        }
    }
}
