package io.tidemark.sync.sim;

import io.tidemark.sync.ptp.PtpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A short run of the harness: the engine locks, disciplines the simulated clock, and never steps a recording. */
class SyncSimulationTest {

    @Test
    void danteLanLocksAndHoldsPhaseWithoutSteppingARecording() {
        var sc = new SyncSimulation.Scenario("short", 900, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1, -1, -1, 0,
                120, 300, 11);
        var r = SyncSimulation.run(sc);
        assertTrue(r.lockTimeS() > 0 && r.lockTimeS() < 30, "lock " + r.lockTimeS());
        assertEquals(0, r.stepsWhileRecording());
        assertTrue(r.phaseMaxNs() < 100_000, "phase max " + r.phaseMaxNs());
        assertTrue(r.clockEvents() > 0);
    }

    @Test
    void aRecordingFromTheStartIsSlewedNeverStepped() {
        var sc = new SyncSimulation.Scenario("rec", 600, 20.0, 0.0, 50, 16, 2_000_000, PtpVersion.V2, -1, -1, 0,
                0, 60, 12);
        var r = SyncSimulation.run(sc);
        assertEquals(0, r.steps());
        assertTrue(r.lockTimeS() > 0);
    }
}
