package io.tidemark.sync.ntp;

import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SimNtpServer;
import io.tidemark.sync.sim.SimTimeline;
import io.tidemark.sync.sim.SimulatedNtpTransport;
import io.tidemark.sync.sim.SimulatedSystemClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpClientSimTest {

    static final long START_NS = 1_795_000_000_000_000_000L; // 2026-11
    static final long S = 1_000_000_000L;

    @Test
    void followsASimulatedServerWithinMicroseconds() {
        SimTimeline tl = new SimTimeline(START_NS);
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 5_000_000L, 30.0, 0.01, 11);
        SimNtpServer server = new SimNtpServer(tl, 0, 1, "GPS", new NtpServerAddress("gps", 123));
        SimulatedNtpTransport net = new SimulatedNtpTransport(clock, List.of(server),
                NetworkPath.of(200_000, 100_000), NetworkPath.of(200_000, 100_000), 5);
        List<NtpSample> samples = new ArrayList<>();
        NtpClient client = new NtpClient(List.of(server.address()), NtpClientConfig.defaults(), clock, net, tl,
                samples::add);
        assertTrue(client.timeNsAt(clock.read()).isEmpty(), "no estimate before the first sample");
        client.start();
        tl.advanceBy(3_600 * S);
        long utc = client.timeNsAt(clock.read()).orElseThrow();
        assertEquals(tl.nowNs(), utc, 20_000, "UTC estimate after an hour");
        NtpClientStatus st = client.status();
        assertTrue(st.synchronised());
        assertEquals("gps:123", st.selectedServer());
        assertEquals(1, st.stratum());
        assertEquals(-clock.errorNs(), st.offsetNs(), 20_000);
        assertEquals(-30.0, st.frequencyPpm(), 0.1);
        assertTrue(samples.stream().anyMatch(NtpSample::accepted));
        assertTrue(samples.stream().anyMatch(s -> !s.accepted() && s.rejectReason().startsWith("not the least")));
        client.close();
    }

    @Test
    void everySelectionListenerHearsTheChangeWhenTheFirstServerFallsSilent() {
        SimTimeline tl = new SimTimeline(START_NS);
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 5_000_000L, 30.0, 0.01, 11);
        SimNtpServer gps = new SimNtpServer(tl, 0, 1, "GPS", new NtpServerAddress("gps", 123));
        SimNtpServer lan = new SimNtpServer(tl, 0, 2, "10.0.0.1", new NtpServerAddress("lan", 123));
        gps.unreachable(START_NS + 600 * S, Long.MAX_VALUE);
        SimulatedNtpTransport net = new SimulatedNtpTransport(clock, List.of(gps, lan),
                NetworkPath.of(200_000, 100_000), NetworkPath.of(200_000, 100_000), 5);
        NtpClient client = new NtpClient(List.of(gps.address(), lan.address()), NtpClientConfig.defaults(), clock, net,
                tl, null);
        // a recording stores the change, a station alerts on it: both must hear it
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        client.onSelectionChange((from, to) -> first.add(from + " -> " + to));
        client.onSelectionChange((from, to) -> second.add(from + " -> " + to));
        client.start();
        tl.advanceBy(3_600 * S);
        assertEquals(List.of("null -> gps:123", "gps:123 -> lan:123"), first);
        assertEquals(first, second);
        client.close();
    }

    @Test
    void killedByDenyStopsPollingAndUnsynchronisedServerIsNotUsed() {
        SimTimeline tl = new SimTimeline(START_NS);
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 0, 0, 0, 1);
        SimNtpServer deny = new SimNtpServer(tl, 0, 1, "GPS", new NtpServerAddress("deny", 123)).kissOfDeath("DENY");
        SimNtpServer unsync = new SimNtpServer(tl, 0, 2, "10.0.0.1", new NtpServerAddress("unsync", 123)).leap(3);
        SimulatedNtpTransport net = new SimulatedNtpTransport(clock, List.of(deny, unsync),
                NetworkPath.of(100_000, 10_000), NetworkPath.of(100_000, 10_000), 5);
        List<NtpSample> samples = new ArrayList<>();
        NtpClient client = new NtpClient(List.of(deny.address(), unsync.address()), NtpClientConfig.defaults(), clock,
                net, tl, samples::add);
        client.start();
        tl.advanceBy(600 * S);
        assertEquals(1, deny.requests(), "DENY ends polling after the first reply");
        assertTrue(unsync.requests() > 8);
        assertFalse(client.status().synchronised());
        assertTrue(client.timeNsAt(clock.read()).isEmpty());
        assertTrue(samples.stream().noneMatch(NtpSample::accepted));
        assertTrue(samples.stream().anyMatch(s -> "kiss-o'-death DENY".equals(s.rejectReason())));
        assertTrue(samples.stream().anyMatch(s -> "server unsynchronised (LI=3)".equals(s.rejectReason())));
        assertEquals(NtpClientStatus.SourceState.DENIED, client.status().sources().get(0).state());
    }
}
