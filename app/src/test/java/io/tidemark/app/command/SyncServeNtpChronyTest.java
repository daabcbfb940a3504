package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.app.Tidemark;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.sync.ntp.ChronyRig;
import io.tidemark.sync.ntp.NtpPacket;
import io.tidemark.sync.ntp.NtpProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark sync --ntp 127.0.0.2:P --serve-ntp Q} as its own process (monitor only, no PTP): the sync
 * engine follows a chronyd and serves its time through the NTP server; a second chronyd ({@code -x -Q},
 * touching no clock) accepts it and measures it within 100 µs; {@code tidemark sync status --json} reports
 * the engine's state. Loopback only.
 */
class SyncServeNtpChronyTest {

    private static final String UPSTREAM = "127.0.0.2"; // not 127.0.0.1: chrony's loop test rejects its own address

    @Test
    void chronyMeasuresTheEnginesServedTimeAndStatusReportsTheEngine(@TempDir Path dir) throws Exception {
        int upstreamPort = ChronyRig.freePort();
        int port = ChronyRig.freePort();
        int statusPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            statusPort = s.getLocalPort();
        }
        try (ChronyRig upstream = ChronyRig.server(UPSTREAM, upstreamPort, 1)) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path log = dir.resolve("sync.log");
            Process sync = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", cp, Tidemark.class.getName(), "sync", "--ptp", "off", "--ntp", UPSTREAM + ":" + upstreamPort,
                    "--serve-ntp", "" + port, "--status-port", "" + statusPort)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + 240_000_000_000L; // a JVM start on a loaded 2-vCPU VM can take a minute
                NtpPacket reply = null;
                while (System.nanoTime() < deadline && (reply == null || reply.stratum() != 2)) {
                    assertTrue(sync.isAlive(), "tidemark sync died: " + Files.readString(log));
                    reply = NtpProbe.askOrNull(port);
                    Thread.sleep(250);
                }
                assertTrue(reply != null && reply.stratum() == 2 && reply.leap() == 0,
                        "never served as stratum 2: " + reply + "\n" + Files.readString(log) + upstream.output());

                CliRun status = CliRun.run("sync", "status", "--json", "--status-port", "" + statusPort);
                assertEquals(0, status.exitCode(), status.err());
                JsonNode st = Json.MAPPER.readTree(status.out());
                assertEquals("NTP_ONLY", st.get("state").asText(), status.out());
                assertFalse(st.get("disciplining").asBoolean(), "monitor only: " + status.out());
                assertTrue(st.get("ntpOffsetNs").isNumber(), "the engine has an NTP offset: " + status.out());
                assertTrue(st.get("lastNtpRealtimeNs").asLong() > 0, status.out());

                // A continuous chronyd client (not -Q, which decides from one burst): selected, 8 samples,
                // then the median of its next three estimates.
                try (ChronyRig measuring = ChronyRig.measuringClient(port)) {
                    Optional<ChronyRig.ChronyEstimate> estimate = measuring.awaitEstimate(8, 3, 90_000);
                    assertTrue(estimate.isPresent(), "chronyd never selected tidemark sync --serve-ntp and estimated its offset:\n"
                            + measuring.output()
                            + "\n--- sync log\n" + Files.readString(log));
                    System.out.printf("chronyd measured tidemark sync --serve-ntp %.1f us off (%d samples)%n",
                            estimate.get().estOffsetNs() / 1e3, estimate.get().samples());
                    assertTrue(Math.abs(estimate.get().estOffsetNs()) < 100_000L,
                            "chronyd measured tidemark sync --serve-ntp " + estimate.get() + ", not within 100 us:\n" + measuring.output());
                }
            } finally {
                sync.destroy(); // SIGTERM
                if (!sync.waitFor(10, TimeUnit.SECONDS)) {
                    sync.destroyForcibly();
                }
            }
        }
    }
}
