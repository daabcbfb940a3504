package io.tidemark.sync.sim;

import io.tidemark.sync.ptp.PtpVersion;
import io.tidemark.sync.sim.SyncSimulation.Scenario.Failover;
import io.tidemark.sync.sim.SyncSimulation.Scenario.Outage;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A short run of the harness: the engine locks, disciplines the simulated clock, and never steps a recording. */
class SyncSimulationTest {

    @Test
    void danteLanLocksAndHoldsPhaseWithoutSteppingARecording() {
        // the dante-lan LAN (the builder's defaults), shorter, another seed
        var sc = SyncSimulation.Scenario.builder("short").durationS(900).seed(11).build();
        var r = SyncSimulation.run(sc);
        assertTrue(r.lockTimeS() > 0 && r.lockTimeS() < 30, "lock " + r.lockTimeS());
        assertEquals(0, r.stepsWhileRecording());
        assertTrue(r.phaseMaxNs() < 100_000, "phase max " + r.phaseMaxNs());
        assertTrue(r.clockEvents() > 0);
    }

    @Test
    void aRecordingFromTheStartIsSlewedNeverStepped() {
        var sc = SyncSimulation.Scenario.builder("rec").durationS(600).wanderPpmPerSqrtHour(0.0)
                .initialOffsetNs(2_000_000).ptpVersion(PtpVersion.V2).recordingFromS(0).settleS(60).seed(12).build();
        var r = SyncSimulation.run(sc);
        assertEquals(0, r.steps());
        assertTrue(r.lockTimeS() > 0);
    }

    @Test
    void theNamedScenariosKeepTheirValues() {
        var dante = SyncSimulation.Scenario.named("dante-lan");
        assertEquals(new SyncSimulation.Scenario("dante-lan", 3600, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1,
                Optional.empty(), Optional.empty(), 120, 300, 1), dante);
        var gm = SyncSimulation.Scenario.named("gm-failover");
        assertEquals(new SyncSimulation.Scenario("gm-failover", 2400, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1,
                Optional.of(new Failover(1200)), Optional.empty(), 120, 300, 2), gm);
        assertEquals(gm, gm.toBuilder().build());
        var outage = SyncSimulation.Scenario.named("ptp-outage");
        assertEquals(new SyncSimulation.Scenario("ptp-outage", 2400, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1,
                Optional.empty(), Optional.of(new Outage(1200, 600)), 120, 300, 3), outage);
        assertEquals(new SyncSimulation.Scenario("aes67-lan", 3600, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V2,
                Optional.empty(), Optional.empty(), 120, 300, 4), SyncSimulation.Scenario.named("aes67-lan"));

        assertTrue(gm.eventsBeginBefore(1201) && !gm.eventsBeginBefore(1200));
        assertEquals(1200, gm.eventsOverAtS());
        assertTrue(outage.eventsBeginBefore(1201) && !outage.eventsBeginBefore(1200));
        assertEquals(1800, outage.eventsOverAtS());
        assertTrue(dante.eventsBeginBefore(60));
        assertEquals(0, dante.eventsOverAtS());
    }
}
