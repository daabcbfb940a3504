package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark record --simulated-time} with the sync engine on the simulated world's clocks: the buffers'
 * ntp_time_ns is the engine's UTC, checked against the device's truth; with {@code --discipline} the engine
 * steers the simulated clock (SimulatedClockControl: no real clock is written), logs every adjustment to
 * clock_events and never steps during the recording; with {@code --ptp dante} ptp_time_ns follows the
 * simulated grandmaster's uptime while locked.
 *
 * <p>The device delivers each buffer exactly 500 µs after its last frame (no latency jitter, no outliers), so a
 * buffer's true arrival is the truth's time of its end frame + 500 µs.
 */
class RecordSyncEngineSimTest {

    private static final String START = "2026-11-21T12:00:00Z";
    private static final long START_NS = UtcNanos.toEpochNs(Instant.parse(START));
    private static final long DELIVERY_LATENCY_NS = 500_000;
    /** SimWorld's Dante grandmaster has been up this long at the start. */
    private static final long DANTE_UPTIME_NS = 3_600_000_000_000L;

    /** sample_index → true UTC ns, from truth.csv's clicks (one a second), interpolated. */
    private record Truth(long[] samples, long[] trueNs) {
        static Truth read(Path dir) throws Exception {
            List<String> lines = Files.readAllLines(dir.resolve("truth.csv"));
            List<long[]> rows = new ArrayList<>();
            for (String l : lines) {
                if (l.isEmpty() || !Character.isDigit(l.charAt(0))) {
                    continue;
                }
                String[] f = l.split(",");
                rows.add(new long[]{Long.parseLong(f[0]), Long.parseLong(f[1])});
            }
            long[] s = new long[rows.size()];
            long[] t = new long[rows.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = rows.get(i)[0];
                t[i] = rows.get(i)[1];
            }
            assertTrue(s.length > 10, "truth.csv has clicks");
            return new Truth(s, t);
        }

        long trueNsOf(long sampleIndex) {
            int i = 0;
            while (i < samples.length - 2 && samples[i + 1] < sampleIndex) {
                i++;
            }
            double slope = (double) (trueNs[i + 1] - trueNs[i]) / (samples[i + 1] - samples[i]);
            return trueNs[i] + Math.round((sampleIndex - samples[i]) * slope);
        }
    }

    private static CliRun record(Path out, String duration, String... extra) {
        List<String> args = new ArrayList<>(List.of("record", "--device", "sim", "--channels", "2", "--rate", "48000",
                "--bits", "16", "--duration", duration, "--out", out.toString(), "--simulated-time", "--audio", "none",
                "--sim-start", START, "--sim-latency-ms", "0", "--sim-outlier-probability", "0",
                "--sim-sys-offset-ms", "40", "--sim-sys-ppm", "10", "--sim-ntp-jitter-us", "100", "--sim-seed", "7",
                "--json"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static Path sessionDir(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return Path.of(Json.MAPPER.readTree(run.out()).get("session").asText());
    }

    private static List<BufferStamp> buffers(Path dir) throws Exception {
        List<BufferStamp> all = new ArrayList<>();
        try (SessionReader r = SessionReader.open(dir)) {
            r.forEachBuffer(all::add);
        }
        return all;
    }

    @Test
    void ntpTimeIsTheEnginesUtcWithinTheNtpErrorOfTruth(@TempDir Path out) throws Exception {
        Path dir = sessionDir(record(out, "20m"));
        Truth truth = Truth.read(dir);
        List<BufferStamp> rows = buffers(dir);
        assertNull(rows.get(0).ntpTimeNs(), "no UTC before the first NTP exchange has come back");
        int firstWithNtp = -1;
        double sumSq = 0;
        long n = 0;
        long maxAfterWarmupNs = 0;
        long maxSysErrorNs = 0;
        for (int i = 0; i < rows.size(); i++) {
            BufferStamp b = rows.get(i);
            long trueArrivalNs = truth.trueNsOf(b.endSampleIndex()) + DELIVERY_LATENCY_NS;
            maxSysErrorNs = Math.max(maxSysErrorNs, Math.abs(b.sysRealtimeNs() - trueArrivalNs));
            if (b.ntpTimeNs() == null) {
                assertEquals(-1, firstWithNtp, "ntp_time_ns stays filled once NTP answered (buffer " + i + ")");
                assertEquals(BufferStamp.SyncState.NONE, b.syncState());
                continue;
            }
            if (firstWithNtp < 0) {
                firstWithNtp = i;
            }
            assertEquals(BufferStamp.SyncState.NTP, b.syncState());
            long errNs = b.ntpTimeNs() - trueArrivalNs;
            // Until the model has two points the first offset is carried on a clock drifting 10 ppm: ≤ 1 ms.
            assertTrue(Math.abs(errNs) < 1_000_000, "buffer " + i + ": ntp_time_ns off truth by " + errNs + " ns");
            if (b.monoRawNs() - rows.get(0).monoRawNs() > 300_000_000_000L) {
                sumSq += (double) errNs * errNs;
                n++;
                maxAfterWarmupNs = Math.max(maxAfterWarmupNs, Math.abs(errNs));
            }
        }
        double rmsNs = Math.sqrt(sumSq / n);
        System.out.printf("ntp_time_ns against truth after 5 min: RMS %.1f us, max %.1f us (%d buffers);"
                + " first filled at buffer %d; CLOCK_REALTIME up to %.1f ms off%n", rmsNs / 1e3, maxAfterWarmupNs / 1e3,
                n, firstWithNtp, maxSysErrorNs / 1e6);
        assertTrue(firstWithNtp > 0 && firstWithNtp < 20, "filled after the first exchange (1 s burst): " + firstWithNtp);
        assertTrue(maxSysErrorNs > 39_000_000, "the system clock really is 40 ms off: " + maxSysErrorNs);
        // 150 µs base + 100 µs mean exponential jitter each way, least-delay filtering and a line fit: tens of µs.
        assertTrue(rmsNs < 50_000, "RMS " + rmsNs);
        assertTrue(maxAfterWarmupNs < 200_000, "max " + maxAfterWarmupNs);
    }

    @Test
    void disciplineSteersTheSimulatedClockByLoggedSlewsAndPtpTimeFollowsTheGrandmaster(@TempDir Path out)
            throws Exception {
        CliRun run = record(out, "20m", "--discipline", "--ptp", "dante");
        Path dir = sessionDir(run);
        JsonNode summary = Json.MAPPER.readTree(run.out());
        assertTrue(summary.get("disciplining").asBoolean(), run.out());
        Truth truth = Truth.read(dir);
        List<BufferStamp> rows = buffers(dir);

        Map<String, Integer> kinds = new HashMap<>();
        List<String> states = new ArrayList<>();
        try (SessionReader r = SessionReader.open(dir); Statement s = r.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, state, detail FROM clock_events ORDER BY id")) {
            while (rs.next()) {
                kinds.merge(rs.getString(1), 1, Integer::sum);
                if (rs.getString(1).equals("state")) {
                    states.add(rs.getString(2));
                }
            }
        }
        System.out.println("clock_events by kind: " + kinds + "; states: " + states);
        assertTrue(kinds.getOrDefault("frequency", 0) > 10, "frequency adjustments logged: " + kinds);
        assertTrue(kinds.getOrDefault("slew", 0) > 10, "NTP slews logged: " + kinds);
        assertTrue(kinds.containsKey("source"), "the grandmaster logged: " + kinds);
        assertEquals(0, kinds.getOrDefault("step", 0), "no step while recording: " + kinds);
        assertTrue(states.contains("LOCK") || states.contains("NANO"), "the rate servo locked: " + states);

        // The clock started 40 ms off; slewing (at most 100 ppm) brings it in, with no step in the stamps.
        BufferStamp first = rows.get(0);
        BufferStamp last = rows.get(rows.size() - 1);
        long firstErrNs = first.sysRealtimeNs() - (truth.trueNsOf(first.endSampleIndex()) + DELIVERY_LATENCY_NS);
        long lastErrNs = last.sysRealtimeNs() - (truth.trueNsOf(last.endSampleIndex()) + DELIVERY_LATENCY_NS);
        System.out.printf("simulated CLOCK_REALTIME error: %.3f ms at the start, %.3f ms after 20 min%n",
                firstErrNs / 1e6, lastErrNs / 1e6);
        assertTrue(Math.abs(firstErrNs - 40_000_000) < 1_000_000, "start " + firstErrNs);
        // At most 100 ppm, then the PI loop (τ = 256 s, polls up to 128 s): a quarter of the offset is left at most.
        assertTrue(Math.abs(lastErrNs) < 10_000_000, "slewed in: " + lastErrNs);
        for (BufferStamp b : rows) {
            assertTrue(!b.has(BufferStamp.CLOCK_STEPPED), "no clock step at buffer " + b.seq());
        }

        // ptp_time_ns: null until locked, then the grandmaster's uptime (0 ppm crystal) within the PTP jitter.
        assertNull(first.ptpTimeNs());
        long locked = 0;
        long maxPtpErrNs = 0;
        for (BufferStamp b : rows) {
            if (b.ptpTimeNs() == null) {
                continue;
            }
            locked++;
            assertEquals(BufferStamp.SyncState.PTP_LOCKED, b.syncState());
            long trueArrivalNs = truth.trueNsOf(b.endSampleIndex()) + DELIVERY_LATENCY_NS;
            long uptimeNs = DANTE_UPTIME_NS + (trueArrivalNs - START_NS);
            maxPtpErrNs = Math.max(maxPtpErrNs, Math.abs(b.ptpTimeNs() - uptimeNs));
        }
        System.out.printf("ptp_time_ns filled in %d of %d buffers, max %.1f us off the grandmaster's time%n", locked,
                rows.size(), maxPtpErrNs / 1e3);
        assertTrue(locked > rows.size() * 0.9, "locked for most of the recording: " + locked + "/" + rows.size());
        assertNotNull(last.ptpTimeNs());
        // One Sync's jitter (50 µs mean exponential) carried forward ≤ 125 ms at the servo's rate.
        assertTrue(maxPtpErrNs < 1_000_000, "ptp_time_ns max error " + maxPtpErrNs);
    }
}
