package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.sync.engine.SyncStatus;
import io.tidemark.sync.net.NetnsPair;
import io.tidemark.sync.ptp.ClockIdentity;
import io.tidemark.sync.ptp.Ptp4lMasterRig;
import io.tidemark.sync.ptp.TimestampSource;
import io.tidemark.sync.servo.ServoState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must-show "against ptp4l": ptp4l is a PTPv2 master with software timestamps on vA in one network
 * namespace; Tidemark's commands listen on vB in the other, through the real {@link
 * io.tidemark.sync.ptp.LinuxPtpSocket} (run under {@code ip netns exec}). Both ends share one kernel
 * clock, so the true offset is 0. ptp4l announces currentUtcOffset 37 without the PTP timescale flag
 * (its time is CLOCK_REALTIME, UTC), so no UTC offset may be applied.
 *
 * <p>Under heavy load (average ~40) the engine falls into short HOLDOVERs when its own threads stall
 * for 3-13 s; the final-status retry absorbs them.
 */
class PtpAgainstPtp4lTest {

    private static final long OFFSET_LIMIT_NS = 200_000;
    private static final int STATUS_PORT = 4320; // namespace B's own loopback: no clash with anything else

    @Test
    void tidemarkSyncLocksToPtp4lNamesItAndMeasuresItWithin200us(@TempDir Path dir) throws Exception {
        try (NetnsPair net = NetnsPair.create(); Ptp4lMasterRig ptp4l = Ptp4lMasterRig.start(net, dir)) {
            String gm = grandmaster(net, ptp4l);
            Path log = dir.resolve("sync.log");
            Process sync = net.in(net.b, tidemark("sync", "--ptp", "aes67", "--interface", NetnsPair.IF_B,
                    "--status-port", "" + STATUS_PORT)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                SyncStatus st = null;
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (System.nanoTime() < deadline && !(st != null && locked(st) && st.pathDelayNs() > 0)) {
                    assertTrue(sync.isAlive(), "tidemark sync died:\n" + Files.readString(log));
                    Thread.sleep(1_000);
                    st = status(net);
                }
                assertTrue(st != null && locked(st), "never locked: " + st + "\n" + Files.readString(log));
                assertTrue(st.pathDelayNs() > 0, "no path delay measured: " + st + "\n" + ptp4l.output());

                // After lock: a few readings of the last Sync's offset; a deschedule can spoil one, not most.
                List<Long> offsetsNs = new ArrayList<>();
                List<Long> delaysNs = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    SyncStatus s = status(net);
                    if (s != null && s.ptpOffsetNs() != null) {
                        offsetsNs.add(s.ptpOffsetNs());
                        delaysNs.add(s.pathDelayNs());
                    }
                    Thread.sleep(700);
                }
                System.out.println("tidemark sync against ptp4l: offsetNs " + offsetsNs + ", pathDelayNs " + delaysNs);
                assertTrue(offsetsNs.size() >= 5, "too few status readings: " + offsetsNs);
                long medianAbsOffsetNs = median(offsetsNs.stream().map(Math::abs).toList());
                assertTrue(medianAbsOffsetNs < OFFSET_LIMIT_NS, "median |offset| " + medianAbsOffsetNs
                        + " ns, not < 200 us: " + offsetsNs);

                // The status command itself (its own process in namespace B) reports the same. A thread
                // descheduled for seconds on a loaded machine is a (short) holdover: ask again then.
                SyncStatus fin = null;
                for (int attempt = 0; attempt < 5 && (fin == null || !locked(fin)); attempt++) {
                    CommandOutput cli = run(net, tidemark("sync", "status", "--json", "--status-port", "" + STATUS_PORT));
                    assertEquals(0, cli.exitCode(), cli.text());
                    fin = Json.MAPPER.readValue(cli.text(), SyncStatus.class);
                    System.out.println("tidemark sync status --json: " + fin);
                }
                assertTrue(locked(fin), "status: " + fin + "\n" + Files.readString(log));
                assertEquals(gm, fin.grandmaster(), "grandmaster");
                assertEquals(2, fin.ptpVersion());
                assertEquals(TimestampSource.KERNEL_SOFTWARE, fin.timestampSource());
                assertEquals(TimestampSource.KERNEL_SOFTWARE, fin.delayReqTimestampSource(), "Delay_Req send time");
                assertTrue(fin.pathDelayNs() > 0, "pathDelayNs " + fin.pathDelayNs());
            } finally {
                stop(sync);
            }
        }
    }

    @Test
    void ptpMonitorNamesPtp4lAsGrandmasterWithOffsetsWithin200usAndAPathDelay(@TempDir Path dir) throws Exception {
        try (NetnsPair net = NetnsPair.create(); Ptp4lMasterRig ptp4l = Ptp4lMasterRig.start(net, dir)) {
            String gm = grandmaster(net, ptp4l);
            CommandOutput out = run(net, tidemark("ptp", "monitor", "--interface", NetnsPair.IF_B, "--ptp", "aes67",
                    "--json", "--duration", "20s"));
            assertEquals(0, out.exitCode(), out.text());
            List<Long> syncOffsetsNs = new ArrayList<>();
            long lastDelayNs = -1;
            int announces = 0;
            for (String line : out.text().split("\n")) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode m = Json.MAPPER.readTree(line);
                assertEquals(2, m.get("version").asInt(), line);
                if (m.get("type").asText().equals("ANNOUNCE")) {
                    announces++;
                    assertEquals(gm, m.get("grandmaster").asText(), line);
                }
                if (!m.get("offsetNs").isNull()) {
                    assertEquals(gm, m.get("grandmaster").asText(), line);
                    assertEquals("KERNEL_SOFTWARE", m.get("timestampSource").asText(), line);
                    if (!m.get("delayNs").isNull()) {
                        syncOffsetsNs.add(m.get("offsetNs").asLong());
                        lastDelayNs = m.get("delayNs").asLong();
                        assertEquals("KERNEL_SOFTWARE", m.get("delayReqTimestampSource").asText(), line);
                    }
                }
            }
            System.out.println("tidemark ptp monitor against ptp4l: " + syncOffsetsNs.size()
                    + " delay-corrected offsets, median " + (syncOffsetsNs.isEmpty() ? "-" : median(syncOffsetsNs))
                    + " ns, min " + syncOffsetsNs.stream().mapToLong(x -> x).min().orElse(0) + " ns, max "
                    + syncOffsetsNs.stream().mapToLong(x -> x).max().orElse(0) + " ns; delayNs " + lastDelayNs);
            assertTrue(announces > 0, "no Announce from ptp4l:\n" + out.text());
            assertTrue(syncOffsetsNs.size() >= 5, "too few delay-corrected Sync offsets:\n" + out.text());
            assertTrue(lastDelayNs > 0, "delayNs " + lastDelayNs);
            long medianAbsOffsetNs = median(syncOffsetsNs.stream().map(Math::abs).toList());
            assertTrue(medianAbsOffsetNs < OFFSET_LIMIT_NS, "median |offset| " + medianAbsOffsetNs + " ns: " + syncOffsetsNs);
        }
    }

    /** ptp4l's grandmaster identity, checked against vA's MAC (EUI-48 → EUI-64 with ff:fe). */
    private static String grandmaster(NetnsPair net, Ptp4lMasterRig ptp4l) throws Exception {
        String gm = ptp4l.awaitGrandmaster(120_000);
        assertEquals(ClockIdentity.v2FromMac(net.mac(net.a, NetnsPair.IF_A)).toString(), gm,
                "ptp4l's clock identity is not vA's EUI-64");
        return gm;
    }

    private static boolean locked(SyncStatus s) {
        return s.state() == ServoState.LOCK || s.state() == ServoState.NANO;
    }

    /** The daemon's status, read over namespace B's loopback (bash /dev/tcp: no JVM start per poll). */
    private static SyncStatus status(NetnsPair net) throws Exception {
        CommandOutput o = run(net, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + STATUS_PORT + " && cat <&3");
        if (o.exitCode() != 0 || !o.text().startsWith("{")) {
            return null;
        }
        return Json.MAPPER.readValue(o.text(), SyncStatus.class);
    }

    private static String[] tidemark(String... args) {
        return CliRun.command(List.of(args)).toArray(String[]::new);
    }

    private record CommandOutput(int exitCode, String text) {
    }

    private static CommandOutput run(NetnsPair net, String... command) throws Exception {
        Process p = net.in(net.b, command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + String.join(" ", command) + "\n" + text);
        }
        return new CommandOutput(p.exitValue(), text);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
