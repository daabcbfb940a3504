package io.tidemark.app.record;

import io.tidemark.app.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scripted simulation keys (simDisconnectAt, simNtpOutage, simSilence, simClip, simClockStepAt, simNtpSwitchAt): a bad one is one line, nothing made. */
class ScriptedSimKeysTest {

    @Test
    void aBadScriptIsOneLineAndCreatesNothing(@TempDir Path out) throws Exception {
        String[][] bad = {
                {"--sim-silence", "3@1m+2m", "names no channel"},
                {"--sim-clip", "1@1m", "is not START+LENGTH"},
                {"--sim-ntp-outage", "2h", "is not START+LENGTH"},
                {"--sim-disconnect-at", "soon", "is not a duration"},
                {"--sim-clock-step-at", "2h", "is not START+STEP"},
                {"--sim-clock-step-at", "2h+0ms", "steps by nothing"},
                {"--sim-ntp-switch-at", "later", "is not a duration"},
        };
        for (String[] b : bad) {
            CliRun r = CliRun.run("record", "--device", "sim", "--simulated-time", "--duration", "1m", "--channels", "2",
                    "--rate", "44100", "--format", "s16", "--out", out.toString(), b[0], b[1]);
            assertTrue(r.exitCode() != 0, r.err());
            assertTrue(r.err().contains(b[2]) && r.err().strip().lines().count() == 1, b[0] + ": " + r.err());
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(0, s.count(), "nothing created by " + b[0] + " " + b[1]);
            }
        }
        CliRun realTime = CliRun.run("record", "--device", "sim", "--duration", "1s", "--channels", "2", "--rate",
                "44100", "--format", "s16", "--out", out.toString(), "--sim-ntp-outage", "1m+2m");
        assertTrue(realTime.err().contains("needs simulated time"), realTime.err());
        CliRun stepRealTime = CliRun.run("record", "--device", "sim", "--duration", "1s", "--channels", "2", "--rate",
                "44100", "--format", "s16", "--out", out.toString(), "--sim-clock-step-at", "1m+250ms");
        assertTrue(stepRealTime.err().contains("--sim-clock-step-at needs simulated time"), stepRealTime.err());
        CliRun both = CliRun.run("record", "--device", "sim", "--simulated-time", "--duration", "1m", "--channels", "2",
                "--rate", "44100", "--format", "s16", "--out", out.toString(), "--sim-ntp-switch-at", "1m",
                "--sim-ntp-outage", "1m+2m");
        assertTrue(both.err().contains("give one of them"), both.err());
    }

    @Test
    void aScriptRunsInRecord(@TempDir Path out) throws Exception {
        CliRun r = CliRun.run("record", "--device", "sim", "--simulated-time", "--sim-start", "2026-11-21T00:00:00Z",
                "--duration", "5m", "--channels", "2", "--rate", "44100", "--format", "s16", "--out", out.toString(),
                "--sim-silence", "1@1m+2m", "--sim-clip", "1@4m+10s", "--sim-ntp-outage", "1m+2m",
                "--sim-disconnect-at", "2m", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Path session;
        try (Stream<Path> s = Files.list(out)) {
            session = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        String truth = Files.readString(session.resolve("truth.json"));
        assertTrue(truth.contains("\"disconnect\""), "the scheduled disconnect happened: " + truth);
    }
}
