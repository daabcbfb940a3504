package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.sync.ntp.ChronyRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must-show of the NTP issue, through the command itself: {@code tidemark ntp serve --upstream} runs as
 * its own process following a chronyd, and a second chronyd ({@code -x -Q}, touching no clock)
 * accepts it as a server and measures it within 100 us. SIGTERM then stops it.
 */
class NtpServeChronyTest {

    @Test
    void chronyAcceptsTidemarkNtpServeFollowingChrony(@TempDir Path dir) throws Exception {
        int upstreamPort = ChronyRig.freePort();
        int port = ChronyRig.freePort();
        try (ChronyRig upstream = ChronyRig.server(ServedNtp.UPSTREAM, upstreamPort, 1)) {
            Path log = dir.resolve("serve.log");
            Process serve = CliRun.start(log, "ntp", "serve", "--bind", "127.0.0.1", "--port", "" + port,
                    "--upstream", ServedNtp.UPSTREAM + ":" + upstreamPort, "--min-poll", "-1", "--max-poll", "-1");
            try {
                ServedNtp.awaitStratum2(serve, "tidemark ntp serve", port, 90_000_000_000L, log, upstream);
                ServedNtp.assertChronyMeasuresWithin100us("tidemark ntp serve", port, log);
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
