package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The station in simulated time sees its NTP source change (the world's first server falls silent at 5 min and the
 * second takes over, {@code simNtpSwitchAt}) and the system clock step by +250 ms at 15 min ({@code simClockStepAt}):
 * the loopback webhook receives one {@code time source changed} and one {@code clock step} alert, each when it
 * happened, and the session database holds the {@code ntp_server_change} and {@code clock_step} events, once each.
 */
class StationTimeSourceAlertsTest {

    static final long S = 1_000_000_000L;
    static final long MIN = 60 * S;
    static final long START_NS = UtcNanos.toEpochNs(Instant.parse("2026-11-21T00:00:00Z"));
    static final long RUN_NS = 20 * MIN;

    @TempDir
    Path dir;

    @Test
    void aChangeOfNtpSourceAndAClockStepAreAlertedAndStored() throws Exception {
        SimulatedStationRun.Webhook hook = new SimulatedStationRun.Webhook();
        List<JsonNode> alerts = hook.alerts;
        Path deployment = dir.resolve("deployment");
        Files.createDirectories(deployment);
        Path cfgFile = dir.resolve("station.json");
        Files.writeString(cfgFile, """
                {"device": "sim", "channels": 1, "rateHz": 44100, "format": "s16", "bufferMs": 100,
                 "deployment": "%s", "segment": "600s",
                 "api": {"bind": "127.0.0.1", "port": 0},
                 "alerts": {"webhook": "http://127.0.0.1:%d/hook", "repeat": "1h"},
                 "simulatedTime": true, "simStart": "2026-11-21T00:00:00Z",
                 "simNtpSwitchAt": "5m", "simClockStepAt": "15m+250ms"}
                """.formatted(deployment, hook.port()));
        List<String> notices = new CopyOnWriteArrayList<>();
        try (StationService station = new StationService(StationConfig.read(cfgFile), notices::add,
                SystemdNotifier.fromEnvironment())) {
            SimulatedStationRun.run(station, RUN_NS, notices);
        }
        Thread.sleep(500); // the webhook's sender is asynchronous
        hook.close();
        System.out.println("alerts: " + alerts);

        List<JsonNode> changed = of(alerts, "time source changed");
        assertEquals(1, changed.size(), alerts.toString());
        assertTrue(changed.get(0).get("detail").asText().contains("sim-ntp-2"), changed.toString());
        // the first server is silent from 5 min; the client drops it once its reach register empties (8 polls, each
        // waiting out its timeout): measured 189.5 s later
        long changedAfterNs = changed.get(0).get("atUtcNs").asLong() - START_NS - 5 * MIN;
        assertTrue(changedAfterNs > 0 && changedAfterNs < 4 * MIN, "changed " + changedAfterNs / 1e9 + " s after 5 min");
        List<JsonNode> step = of(alerts, "clock step");
        assertEquals(1, step.size(), alerts.toString());
        assertEquals(250_000_000L, steppedByNs(step.get(0).get("detail").asText()), 1_000_000, step.toString());
        // on the stepped clock: 15 min (+ the system clock's small offset) + 250 ms
        assertEquals(15 * MIN, step.get(0).get("atUtcNs").asLong() - START_NS, 5 * S, step.toString());
        assertEquals(0, of(alerts, "time source lost").size(), "the second server answered throughout: " + alerts);

        Path session;
        try (Stream<Path> s = Files.list(deployment)) {
            session = s.filter(p -> Files.isRegularFile(p.resolve("session.db"))).findFirst().orElseThrow();
        }
        List<String> events = new ArrayList<>();
        try (SessionReader r = SessionReader.open(session); Statement st = r.connection().createStatement();
             ResultSet q = st.executeQuery("SELECT kind, detail FROM events WHERE kind IN ('ntp_server_change', 'clock_step')"
                     + " ORDER BY id")) {
            while (q.next()) {
                events.add(q.getString(1) + ": " + q.getString(2));
            }
        }
        System.out.println("events: " + events);
        // the first choice (null -> sim-ntp) is stored as well, then the change; the step once
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("ntp_server_change: NTP source null -> sim-ntp:"), events.toString());
        assertTrue(events.get(1).startsWith("ntp_server_change: NTP source sim-ntp:")
                && events.get(1).contains("-> sim-ntp-2:"), events.toString());
        assertTrue(events.get(2).startsWith("clock_step: "), events.toString());
        assertEquals(250_000_000L, steppedByNs(events.get(2)), 1_000_000, events.toString());
    }

    private static long steppedByNs(String detail) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stepped by (-?\\d+) ns").matcher(detail);
        assertTrue(m.find(), detail);
        return Long.parseLong(m.group(1));
    }

    private static List<JsonNode> of(List<JsonNode> alerts, String condition) {
        return alerts.stream().filter(a -> a.get("condition").asText().equals(condition)).toList();
    }
}
