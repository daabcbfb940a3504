package io.tidemark.app.station.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.common.Json;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertTest {

    static final long S = 1_000_000_000L;

    @Test
    void aConditionIsRaisedOnceRepeatedWhileItLastsAndClearedOnce() {
        AlertPolicy p = new AlertPolicy("ledge-pi", 3600 * S);
        assertTrue(p.report("disk_low", false, "", 0).isEmpty(), "nothing to clear");
        List<Alert> raised = p.report("disk_low", true, "1.5 h left", 10 * S);
        assertEquals(1, raised.size());
        assertEquals(Alert.State.RAISED, raised.get(0).state());
        assertTrue(p.report("disk_low", true, "1.4 h left", 20 * S).isEmpty(), "still low: no new alert");
        assertTrue(p.repeatsDue(3609 * S).isEmpty(), "not an hour yet");
        List<Alert> repeat = p.repeatsDue(3610 * S);
        assertEquals(1, repeat.size());
        assertEquals(Alert.State.REPEAT, repeat.get(0).state());
        assertEquals(10 * S, repeat.get(0).sinceUtcNs());
        assertEquals("1.4 h left", repeat.get(0).detail(), "the repeat says how it is now");
        assertTrue(p.repeatsDue(3611 * S).isEmpty());
        assertEquals(1, p.repeatsDue(7210 * S).size());
        List<Alert> cleared = p.report("disk_low", false, "disk 2 mounted", 8000 * S);
        assertEquals(Alert.State.CLEARED, cleared.get(0).state());
        assertEquals(10 * S, cleared.get(0).sinceUtcNs());
        assertTrue(p.activeConditions().isEmpty());
        assertTrue(p.repeatsDue(20000 * S).isEmpty());
    }

    @Test
    void conditionsAreIndependentAndRepeatZeroMeansNever() {
        AlertPolicy p = new AlertPolicy("s", 0);
        p.report("channel_silent:8", true, "", 0);
        p.report("device_lost", true, "", S);
        assertEquals(List.of("channel_silent:8", "device_lost"), p.activeConditions());
        assertTrue(p.repeatsDue(1_000_000 * S).isEmpty());
        p.report("device_lost", false, "", 2 * S);
        assertEquals(List.of("channel_silent:8"), p.activeConditions());
    }

    @Test
    void theWebhookReceivesEachAlertAsJsonAndADownHookIsRetried() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            int code = n == 1 ? 503 : 204; // the first call fails: the sender must retry it
            if (code == 204) {
                received.add(Json.MAPPER.readTree(body));
            }
            x.sendResponseHeaders(code, -1);
            x.close();
        });
        hook.start();
        try (WebhookSender sender = new WebhookSender(
                URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"), 10)) {
            AlertPolicy p = new AlertPolicy("ledge-pi", 0);
            p.report("device_lost", true, "F8 unplugged", 5 * S).forEach(sender::send);
            sender.send(p.event("clock_step", "+0.25 s", 6 * S));
            sender.close(10_000);
            assertEquals(2, sender.sent());
            assertEquals(0, sender.failed());
        } finally {
            hook.stop(0);
        }
        assertEquals(3, calls.get(), "one failed post, retried, and one more");
        assertEquals("device_lost", received.get(0).get("condition").asText());
        assertEquals("RAISED", received.get(0).get("state").asText());
        assertEquals("ledge-pi", received.get(0).get("station").asText());
        assertEquals(5 * S, received.get(0).get("sinceUtcNs").asLong());
        assertEquals("clock_step", received.get(1).get("condition").asText());
    }

    @Test
    void anUnreachableHookCountsFailuresAndNeverBlocksTheCaller() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (WebhookSender sender = new WebhookSender(URI.create("http://127.0.0.1:" + port + "/hook"), 1)) {
            for (int i = 0; i < WebhookSender.QUEUE + 50; i++) {
                sender.send(new Alert("s", "c" + i, Alert.State.RAISED, 0, 0, ""));
            }
            // A blocking send() would have waited for room instead of dropping: the count shows it did not.
            assertTrue(sender.dropped() >= 49, "past the queue, alerts are dropped and counted: " + sender.dropped());
            sender.close(100);
        }
    }
}
