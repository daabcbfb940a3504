package io.tidemark.app.command;

import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.app.CliRun;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Empty, one-buffer, no-usable-NTP and clock-step sessions: a clear result or one clear line. */
class DegenerateSessionsTest {

    @TempDir
    Path tmp;
    private String out;
    private String err;

    private int tidemark(String... args) {
        CliRun r = CliRun.run(args);
        out = r.out();
        err = r.err();
        return r.exitCode();
    }

    private Path store(int buffers) {
        Path dir = tmp.resolve("s" + buffers);
        try {
            Files.createDirectories(dir);
        } catch (Exception ex) {
            throw new RuntimeException(ex);
        }
        TimestampStore st = TimestampStore.create(dir, new SessionInfo("s", "sim", 2, 48_000, 16, 4800, "h", "v", "{}",
                true, Scenario.START, 0, null, null, null));
        for (int i = 0; i < buffers; i++) {
            st.addBuffer(new BufferStamp(i, i * 4800L, 4800, Scenario.START + (i + 1) * 100_000_000L,
                    5_000_000_000L + (i + 1) * 100_000_000L, null, null, 0));
        }
        st.close();
        return dir;
    }

    @Test
    void emptySessionIsOneLineError() {
        int rc = tidemark("query", store(0).toString(), "--sample", "0");
        assertEquals(2, rc);
        assertTrue(err.contains("no audio buffers"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void singleBufferGivesAnAnswerWithALargeUncertainty() throws Exception {
        int rc = tidemark("query", store(1).toString(), "--sample", "0", "--json");
        assertEquals(0, rc, err);
        var j = io.tidemark.common.Json.MAPPER.readTree(out);
        assertEquals("system clock", j.get("utcSource").asText());
        // frame 0 arrived 100 ms before the stamp of frame 4800
        assertEquals(Scenario.START, j.get("utcNs").asLong());
        assertTrue(j.get("warnings").toString().contains("no NTP samples"), out);
    }

    @Test
    void everyNtpSampleRejectedFallsBackToTheSystemClockWithAWarning() throws Exception {
        SimulatedSessionFolder s = SimulatedSessionFolder.create(tmp, Scenario.base("rejected", 40_000_000_000L),
                48_000L * 60, x -> new NtpSample(x.server(), x.t1Ns(), x.t2Ns(), x.t3Ns(), x.t4Ns(), x.t1MonoRawNs(),
                        x.t4MonoRawNs(), x.stratum(), x.refId(), x.leap(), x.offsetNs(), x.delayNs(), false, "test"));
        int rc = tidemark("query", s.dir.toString(), "--summary", "--json");
        assertEquals(0, rc, err);
        assertTrue(out.contains("NTP samples were rejected"), out);
        assertTrue(out.contains("\"utcSource\" : \"system clock\""), out);
    }

    @Test
    void clockStepMidSessionSplitsButKeepsUtc() throws Exception {
        Scenario sc = Scenario.base("step", 180_000_000_000L).ntp(4_000_000_000L,
                io.tidemark.sync.sim.NetworkPath.of(100_000, 20_000)).step(90_000_000_000L, -40_000_000);
        SimulatedSessionFolder s = SimulatedSessionFolder.create(tmp, sc, 48_000L * 60, x -> x);
        int rc = tidemark("query", s.dir.toString(), "--summary", "--json");
        assertEquals(0, rc, err);
        assertTrue(out.contains("system clock stepped"), out);
        long[] click = s.clicks.get(150);
        rc = tidemark("query", s.dir.toString(), "--sample", Long.toString(click[0]), "--json");
        assertEquals(0, rc, err);
        long utc = io.tidemark.common.Json.MAPPER.readTree(out).get("utcNs").asLong();
        assertTrue(Math.abs(utc - click[1]) < 20_833, "after the step the click is " + (utc - click[1]) + " ns off");
    }

    @Test
    void badInputIsOneLine() {
        assertEquals(2, tidemark("query", tmp.resolve("nope").toString(), "--sample", "0"));
        assertTrue(err.contains("no session folder"), err);
        assertEquals(2, tidemark("query", store(3).toString(), "--utc", "yesterday"));
        assertTrue(err.contains("ISO-8601"), err);
    }
}
