package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.sync.ntp.ChronyRig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpCommandTest {


    @Test
    void queryPrintsTheChosenSampleFromChrony() throws Exception {
        int port = ChronyRig.freePort();
        try (ChronyRig chrony = ChronyRig.server(port, 2)) {
            CliRun r = null;
            for (int attempt = 0; attempt < 20; attempt++) { // chronyd needs a moment to bind
                r = CliRun.run("ntp", "query", "127.0.0.1:" + port, "--count", "4", "--json");
                if (r.exitCode() == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(0, r.exitCode(), r.err() + r.out() + chrony.output());
            JsonNode doc = Json.MAPPER.readTree(r.out());
            assertTrue(Math.abs(doc.get("offsetNs").asLong()) < 100_000, r.out());
            assertTrue(doc.get("delayNs").asLong() > 0);
            assertEquals(2, doc.get("stratum").asInt());
            assertEquals("127.127.1.1", doc.get("refid").asText());
            assertEquals(0, doc.get("leap").asInt());
            int chosen = doc.get("chosenSample").asInt();
            assertTrue(doc.get("samples").get(chosen).get("chosen").asBoolean());
            CliRun text = CliRun.run("ntp", "query", "127.0.0.1:" + port, "--count", "2");
            assertEquals(0, text.exitCode(), text.err());
            assertTrue(text.out().contains("chosen sample"), text.out());
        }
    }

    @Test
    void badInputIsOneLineUserError() throws Exception {
        CliRun badHost = CliRun.run("ntp", "query", "no-such-host.invalid");
        assertEquals(2, badHost.exitCode());
        assertOneLine(badHost.err(), "unknown host");

        int silentPort = ChronyRig.freePort();
        CliRun noAnswer = CliRun.run("ntp", "query", "127.0.0.1:" + silentPort, "--count", "2", "--timeout", "200ms");
        assertEquals(2, noAnswer.exitCode());
        assertOneLine(noAnswer.err(), "no reply");

        CliRun badCidr = CliRun.run("ntp", "serve", "--port", "1", "--allow", "10.0.0.0/33");
        assertEquals(2, badCidr.exitCode());
        assertOneLine(badCidr.err(), "bad --allow");

        CliRun badPort = CliRun.run("ntp", "query", "127.0.0.1:99999");
        assertEquals(2, badPort.exitCode());
        assertOneLine(badPort.err(), "bad NTP server");

        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CliRun inUse = CliRun.run("ntp", "serve", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, inUse.exitCode());
            assertOneLine(inUse.err(), "cannot listen");
        }
    }

    private static void assertOneLine(String err, String contains) {
        String trimmed = err.strip();
        assertFalse(trimmed.contains("\n"), "more than one line: " + err);
        assertTrue(trimmed.startsWith("tidemark: ") && trimmed.contains(contains), err);
        assertFalse(trimmed.contains("Exception"), err);
    }
}
