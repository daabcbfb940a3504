package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.sync.ntp.ChronyRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
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

    @Test
    void chronyMeasuresTheEnginesServedTimeAndStatusReportsTheEngine(@TempDir Path dir) throws Exception {
        int upstreamPort = ChronyRig.freePort();
        int port = ChronyRig.freePort();
        int statusPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            statusPort = s.getLocalPort();
        }
        try (ChronyRig upstream = ChronyRig.server(ServedNtp.UPSTREAM, upstreamPort, 1)) {
            Path log = dir.resolve("sync.log");
            Process sync = CliRun.start(log, "sync", "--ptp", "off", "--ntp", ServedNtp.UPSTREAM + ":" + upstreamPort,
                    "--serve-ntp", "" + port, "--status-port", "" + statusPort);
            try {
                // A JVM start on a loaded 2-vCPU VM can take a minute.
                ServedNtp.awaitStratum2(sync, "tidemark sync", port, 240_000_000_000L, log, upstream);

                CliRun status = CliRun.run("sync", "status", "--json", "--status-port", "" + statusPort);
                assertEquals(0, status.exitCode(), status.err());
                JsonNode st = Json.MAPPER.readTree(status.out());
                assertEquals("NTP_ONLY", st.get("state").asText(), status.out());
                assertFalse(st.get("disciplining").asBoolean(), "monitor only: " + status.out());
                assertTrue(st.get("ntpOffsetNs").isNumber(), "the engine has an NTP offset: " + status.out());
                assertTrue(st.get("lastNtpRealtimeNs").asLong() > 0, status.out());

                ServedNtp.assertChronyMeasuresWithin100us("tidemark sync --serve-ntp", port, log);
            } finally {
                sync.destroy(); // SIGTERM
                if (!sync.waitFor(10, TimeUnit.SECONDS)) {
                    sync.destroyForcibly();
                }
            }
        }
    }
}
