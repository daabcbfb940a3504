package io.tidemark.recorder.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.recorder.capture.SimulatedDeviceConfig.FaultKind;
import io.tidemark.recorder.capture.SimulatedDeviceConfig.ScheduledFault;
import io.tidemark.common.Json;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.sim.SimTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedDeviceTest {

    /** 2026-11-21T12:00:00.250Z: not on a whole second, so the first click is not at frame 0. */
    static final long START_NS = 1_795_176_000_250_000_000L;
    static final long HOUR_NS = 3_600_000_000_000L;

    /** What a reader saw, buffer by buffer. */
    static final class Run {
        final List<long[]> clicks = new ArrayList<>();          // {recorded index}
        final List<Long> overrunAt = new ArrayList<>();         // recorded index of the buffer flagged
        final List<Long> lostAt = new ArrayList<>();            // recorded index when read threw
        final List<long[]> arrivals = new ArrayList<>();        // {recorded index of buffer end, true arrival ns}
        long deliveredFrames;
        String digest;
        SimulatedDevice.Opener opener;
    }

    /** Reads until {@code durationNs} of true time has passed, reopening after losses as a session would. */
    static Run run(SimulatedDeviceConfig cfg, CaptureFormat format, int bufferFrames, long durationNs, Path truthDir,
                   boolean keepArrivals) throws Exception {
        return run(cfg, format, bufferFrames, durationNs, truthDir, keepArrivals, false);
    }

    static Run run(SimulatedDeviceConfig cfg, CaptureFormat format, int bufferFrames, long durationNs, Path truthDir,
                   boolean keepArrivals, boolean digest) throws Exception {
        SimTimeline timeline = new SimTimeline(START_NS);
        Run run = new Run();
        run.opener = SimulatedDevice.opener(cfg, format, bufferFrames, timeline, truthDir);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[bufferFrames * format.bytesPerFrame()];
        int bpf = format.bytesPerFrame();
        int lastOffset = (format.channels() - 1) * format.bytesPerSample();
        int bytes = format.bytesPerSample();
        CaptureDevice device = run.opener.open();
        while (timeline.nowNs() < START_NS + durationNs) {
            int n;
            try {
                n = device.read(buf, bufferFrames);
            } catch (DeviceLostException e) {
                run.lostAt.add(run.deliveredFrames);
                device.close();
                device = null;
                while (device == null) {
                    timeline.advanceBy(500_000_000L);
                    try {
                        device = run.opener.open();
                    } catch (DeviceLostException stillAway) {
                        // keep waiting, as a session does
                    }
                }
                continue;
            }
            assertEquals(bufferFrames, n);
            if (device.takeOverrun()) {
                run.overrunAt.add(run.deliveredFrames);
            }
            if (digest) {
                md.update(buf, 0, n * bpf);
                md.update(java.nio.ByteBuffer.allocate(8).putLong(timeline.nowNs()).array());
            }
            for (int i = 0; i < n; i++) {
                int off = i * bpf + lastOffset;
                // Full scale positive: 0xFF.. then 0x7F in the top byte.
                if (buf[off + bytes - 1] == 0x7F) {
                    boolean full = true;
                    for (int k = 0; k < bytes - 1; k++) {
                        full &= buf[off + k] == (byte) 0xFF;
                    }
                    if (full) {
                        run.clicks.add(new long[]{run.deliveredFrames + i});
                    }
                }
            }
            run.deliveredFrames += n;
            if (keepArrivals) {
                run.arrivals.add(new long[]{run.deliveredFrames, timeline.nowNs()});
            }
        }
        device.close();
        run.opener.close();
        run.digest = HexFormat.of().formatHex(md.digest());
        return run;
    }

    static List<long[]> truthCsv(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("truth.csv"));
        assertEquals("sample_index,true_utc_ns", lines.get(0));
        List<long[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] p = l.split(",");
            rows.add(new long[]{Long.parseLong(p[0]), Long.parseLong(p[1])});
        }
        return rows;
    }

    static List<Long> faultIndices(JsonNode truth, String kind) {
        List<Long> out = new ArrayList<>();
        for (JsonNode f : truth.get("faults")) {
            if (f.get("kind").asText().equals(kind)) {
                out.add(f.get("sampleIndex").asLong());
            }
        }
        return out;
    }

    /** Device frames lost before a recorded index, from truth.json's faults (which come in order). */
    static final class LostFrames {
        final long[] sampleIndex;
        final long[] cumulativeLost;

        LostFrames(JsonNode truth) {
            JsonNode faults = truth.get("faults");
            sampleIndex = new long[faults.size()];
            cumulativeLost = new long[faults.size()];
            long sum = 0;
            for (int i = 0; i < faults.size(); i++) {
                sampleIndex[i] = faults.get(i).get("sampleIndex").asLong();
                sum += faults.get(i).get("lostFrames").asLong();
                cumulativeLost[i] = sum;
                assertTrue(i == 0 || sampleIndex[i] >= sampleIndex[i - 1], "faults in order");
            }
        }

        /** Frames lost in faults at recorded indices up to and including {@code index}. */
        long before(long index) {
            int lo = 0;
            int hi = sampleIndex.length; // first fault with sampleIndex > index
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sampleIndex[mid] <= index) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo == 0 ? 0 : cumulativeLost[lo - 1];
        }
    }

    @Test
    void twentyFourHoursOfEightChannelsInSimulatedTimeMatchTheTruth(@TempDir Path dir) throws Exception {
        double ratePpm = 37.5;
        int rate = 48_000;
        long latencyBaseNs = 400_000;
        long latencyMeanNs = 1_000_000;
        SimulatedDeviceConfig cfg = SimulatedDeviceConfig.defaults()
                .withRatePpm(ratePpm)
                .withLatency(latencyBaseNs, latencyMeanNs)
                .withFaultProbabilities(1e-4, 5e-5, 2e-5)
                .withDisconnectDurationNs(3_000_000_000L)
                .withSeed(20261121);
        CaptureFormat format = new CaptureFormat(8, rate, 16);
        long t0 = System.nanoTime();
        Run run = run(cfg, format, 4800, 24 * HOUR_NS, dir, true);
        long wallNs = System.nanoTime() - t0;
        System.out.printf("24 h of 8 ch / 48 kHz in %.1f s of wall time%n", wallNs / 1e9);

        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        assertTrue(truth.get("complete").asBoolean(), "close() finalises truth.json");
        assertEquals(run.deliveredFrames, truth.get("deliveredFrames").asLong());

        // Faults: overruns and disconnects are where the reader saw them; every fault lost audio.
        assertEquals(faultIndices(truth, "overrun"), run.overrunAt);
        assertEquals(faultIndices(truth, "disconnect"), run.lostAt);
        assertTrue(faultIndices(truth, "dropout").size() > 20, "dropouts were injected");
        assertTrue(run.overrunAt.size() > 10 && run.lostAt.size() > 3, "overruns and disconnects were injected");
        long lostTotal = 0;
        for (JsonNode f : truth.get("faults")) {
            long lost = f.get("lostFrames").asLong();
            assertTrue(lost > 0, "every fault lost frames: " + f);
            if (f.get("kind").asText().equals("dropout")) {
                assertEquals(4800, lost);
            }
            if (f.get("kind").asText().equals("disconnect")) {
                // Away for 3 s, back at the next 0.5 s retry: between 3 and 3.5 s of audio lost.
                assertTrue(lost >= 3 * rate && lost <= 3.6 * rate, "disconnect lost " + lost);
            }
            lostTotal += lost;
        }
        assertEquals(truth.get("deviceFrames").asLong(), run.deliveredFrames + lostTotal);

        // Clicks: exactly where truth.csv says, and there because the crystal runs 37.5 ppm fast:
        // device frame nearest each whole second, shifted back by the frames lost before it.
        List<long[]> rows = truthCsv(dir);
        LostFrames lostFrames = new LostFrames(truth);
        assertEquals(run.clicks.size(), rows.size());
        long powerOnNs = run.opener.powerOnTrueNs();
        assertEquals(START_NS, powerOnNs);
        for (int i = 0; i < rows.size(); i++) {
            long index = rows.get(i)[0];
            long trueNs = rows.get(i)[1];
            assertEquals(index, run.clicks.get(i)[0], "click " + i);
            // The frame nearest a whole second, and truth says when that frame was sampled: within half a sample.
            long second = Math.round(trueNs / 1e9) * 1_000_000_000L;
            assertTrue(Math.abs(trueNs - second) <= 1e9 / rate / 2 + 1, "click " + i + " at " + trueNs);
            long deviceFrame = Math.round((second - powerOnNs) * 1e-9 * rate * (1 + ratePpm * 1e-6));
            assertEquals((second - powerOnNs) * 1e-9 * rate * (1 + ratePpm * 1e-6), deviceFrame
                    - (trueNs - second) * 1e-9 * rate * (1 + ratePpm * 1e-6), 0.01, "click " + i + " sampling instant");
            assertEquals(deviceFrame - lostFrames.before(index), index, "click at " + trueNs);
        }
        // About one click per second, minus those in lost audio.
        assertTrue(rows.size() > 86_300 && rows.size() <= 86_400, "clicks: " + rows.size());

        // Arrivals: never before the buffer's last frame plus the base latency; jitter as configured.
        double[] jitterNs = new double[run.arrivals.size()];
        for (int i = 0; i < run.arrivals.size(); i++) {
            long endIndex = run.arrivals.get(i)[0];
            long deviceEnd = endIndex + lostFrames.before(endIndex - 4800);
            double endTrueNs = powerOnNs + deviceEnd / (rate * (1 + ratePpm * 1e-6)) * 1e9;
            double latency = run.arrivals.get(i)[1] - endTrueNs;
            assertTrue(latency >= latencyBaseNs - 2, "buffer " + i + " arrived " + latency + " ns after its end");
            jitterNs[i] = latency - latencyBaseNs;
        }
        java.util.Arrays.sort(jitterNs);
        double median = jitterNs[jitterNs.length / 2];
        assertEquals(latencyMeanNs * Math.log(2), median, 0.02 * latencyMeanNs, "median of exponential jitter");
    }

    @Test
    void theSameSeedReplaysTheSameDeviceAndAnotherSeedDoesNot(@TempDir Path dir) throws Exception {
        SimulatedDeviceConfig cfg = SimulatedDeviceConfig.defaults().withRatePpm(-12).withWanderPpmPerSqrtHour(0.5)
                .withFaultProbabilities(2e-3, 2e-3, 1e-3).withSignal(SimulatedDeviceConfig.Signal.NOISE).withSeed(7);
        CaptureFormat format = new CaptureFormat(4, 44_100, 24);
        Run a = run(cfg, format, 441, 10 * 60_000_000_000L, dir.resolve("a"), false, true);
        Run b = run(cfg, format, 441, 10 * 60_000_000_000L, dir.resolve("b"), false, true);
        Run c = run(cfg.withSeed(8), format, 441, 10 * 60_000_000_000L, dir.resolve("c"), false, true);
        assertEquals(a.digest, b.digest);
        assertEquals(a.lostAt, b.lostAt);
        assertEquals(a.overrunAt, b.overrunAt);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/truth.csv")), Files.readAllBytes(dir.resolve("b/truth.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/truth.json")), Files.readAllBytes(dir.resolve("b/truth.json")));
        assertFalse(a.lostAt.isEmpty() || a.overrunAt.isEmpty(), "faults happened");
        assertNotEquals(a.digest, c.digest);
        assertNotEquals(Files.readString(dir.resolve("a/truth.json")), Files.readString(dir.resolve("c/truth.json")));
    }

    @Test
    void aDisconnectKeepsTheDeviceAwayThenReconnectsTheSameRunningHardware(@TempDir Path dir) throws Exception {
        int rate = 48_000;
        SimulatedDeviceConfig cfg = SimulatedDeviceConfig.defaults().withLatency(0, 0).withOutliers(0, 0)
                .withDisconnectDurationNs(2_000_000_000L)
                .withFaultSchedule(List.of(new ScheduledFault(FaultKind.DISCONNECT, 5)));
        SimTimeline timeline = new SimTimeline(START_NS);
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(cfg, new CaptureFormat(2, rate, 16), 4800,
                timeline, dir)) {
            CaptureDevice device = opener.open();
            byte[] buf = new byte[4800 * 4];
            for (int i = 0; i < 5; i++) {
                device.read(buf, 4800);
            }
            assertThrows(DeviceLostException.class, () -> device.read(buf, 4800));
            long lostAtNs = timeline.nowNs();
            assertEquals(START_NS + 600_000_000L, lostAtNs, "lost when the sixth buffer would have arrived");
            assertThrows(DeviceLostException.class, () -> device.read(buf, 4800), "the old connection stays dead");
            timeline.advanceBy(1_000_000_000L);
            assertThrows(DeviceLostException.class, opener::open, "still away after 1 s of a 2 s outage");
            JsonNode during = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
            assertEquals(-1, during.get("faults").get(0).get("lostFrames").asLong(), "lost frames unknown while away");
            timeline.advanceBy(1_500_000_000L);
            CaptureDevice again = opener.open();
            again.read(buf, 4800);
            again.close();
            // From 0.5 s (end of buffer 5) to 3.1 s the crystal ran on: 2.6 s of frames lost.
            List<SimulationTruth.Fault> faults = opener.truth().faults();
            assertEquals(List.of(new SimulationTruth.Fault("disconnect", 5 * 4800, 2_600_000L * rate / 1_000_000
                    + 1, lostAtNs)), faults);
            assertEquals(6 * 4800, opener.deliveredFrames());
        }
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        assertTrue(truth.get("complete").asBoolean());
        assertEquals(124_801, truth.get("faults").get(0).get("lostFrames").asLong());
    }

    @Test
    void inFloatTheFirstChannelPeaksAt6dBFSAndTheClickIsFullScale(@TempDir Path dir) throws Exception {
        SimulatedDeviceConfig cfg = SimulatedDeviceConfig.defaults().withLatency(0, 0).withOutliers(0, 0);
        CaptureFormat f32 = new CaptureFormat(4, 48_000, SampleEncoding.F32);
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(cfg, f32, 4800, new SimTimeline(START_NS), dir)) {
            CaptureDevice device = opener.open();
            byte[] buf = new byte[4800 * f32.bytesPerFrame()];
            float[] maxAbs = new float[4];
            for (int k = 0; k < 20; k++) {
                device.read(buf, 4800);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 4800 * 4; i++) {
                    maxAbs[i % 4] = Math.max(maxAbs[i % 4], Math.abs(b.getFloat()));
                }
            }
            device.close();
            assertEquals(2.0, maxAbs[0], 1e-3, "+6 dBFS on the first channel");
            assertEquals(0.01, maxAbs[1], 1e-4, "the other tones as in integer PCM");
            assertEquals(1.0f, maxAbs[3], "a click at full scale on the last channel");
        }
    }

    @Test
    void truthIsOnDiskWhileRecordingSoAKilledSessionKeepsIt(@TempDir Path dir) throws Exception {
        SimTimeline timeline = new SimTimeline(START_NS);
        SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults()
                        .withFaultSchedule(List.of(new ScheduledFault(FaultKind.DROPOUT, 3))),
                new CaptureFormat(8, 48_000, 24), 4800, timeline, dir);
        CaptureDevice device = opener.open();
        byte[] buf = new byte[4800 * 24];
        for (int i = 0; i < 30; i++) {
            device.read(buf, 4800);
        }
        // Not closed: as after kill -9.
        List<long[]> rows = truthCsv(dir);
        assertTrue(rows.size() >= 2, "clicks flushed as they happen");
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("truth.json").toFile());
        assertFalse(truth.get("complete").asBoolean());
        assertEquals("dropout", truth.get("faults").get(0).get("kind").asText());
        assertEquals(3 * 4800, truth.get("faults").get(0).get("sampleIndex").asLong());
        assertEquals(48_000, truth.get("parameters").get("sampleRateHz").asInt());
        assertEquals(4800, truth.get("parameters").get("bufferFrames").asInt());
        opener.close();
        assertTrue(Json.MAPPER.readTree(dir.resolve("truth.json").toFile()).get("complete").asBoolean());
        assertThrows(CaptureException.class, () -> SimulatedDevice.opener(
                SimulatedDeviceConfig.defaults(), new CaptureFormat(8, 48_000, 24), 4800, timeline, dir),
                "never replaces an existing truth");
    }

    @Test
    void clicksAreFullScaleOnTheLastChannelAtEveryBitDepth() throws Exception {
        for (int bits : new int[]{16, 24, 32}) {
            CaptureFormat format = new CaptureFormat(3, 96_000, bits);
            Run run = run(SimulatedDeviceConfig.defaults(), format, 960, 5_000_000_000L, null, false);
            assertTrue(run.clicks.size() >= 4 && run.clicks.size() <= 5, bits + "-bit clicks: " + run.clicks.size());
            assertEquals(run.clicks.size(), run.opener.truth().clicks());
        }
    }

    @Test
    void inRealTimeEachReadReturnsWhenItsBufferWouldHaveArrived() throws Exception {
        SystemClock clock = SystemClock.platform();
        int rate = 48_000;
        long baseNs = 2_000_000;
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults()
                        .withLatency(baseNs, 500_000).withOutliers(0, 0),
                new CaptureFormat(8, rate, 24), 2400, null, null)) {
            CaptureDevice device = opener.open();
            byte[] buf = new byte[2400 * 24];
            for (int i = 1; i <= 12; i++) {
                device.read(buf, 2400);
                long now = clock.realtimeNs();
                long startNs = opener.powerOnTrueNs(); // the device starts streaming with the first read
                long endOfBufferNs = startNs + (long) i * 2400 * 1_000_000_000L / rate;
                assertTrue(now >= endOfBufferNs + baseNs, "read " + i + " returned early");
                // Late only by scheduling: generous, as other tests may load the machine meanwhile.
                assertTrue(now < endOfBufferNs + baseNs + 2_000_000_000L, "read " + i + " returned late");
            }
            assertFalse(device.takeOverrun());
            device.close();
        }
    }

    @Test
    void aReaderThatFallsMoreThanTheDeviceBufferBehindLosesAudioAsAnOverrun() throws Exception {
        SimTimeline timeline = new SimTimeline(START_NS);
        try (SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults()
                .withLatency(0, 0).withOutliers(0, 0), new CaptureFormat(1, 48_000, 16), 480, timeline, null)) {
            CaptureDevice device = opener.open();
            byte[] buf = new byte[960];
            device.read(buf, 480);
            assertFalse(device.takeOverrun());
            timeline.advanceBy(3_000_000_000L); // the reader sleeps 3 s; the device holds 2 s
            device.read(buf, 480);
            assertTrue(device.takeOverrun());
            SimulationTruth.Fault f = opener.truth().faults().get(0);
            assertEquals("overrun", f.kind());
            assertEquals(480, f.sampleIndex());
            // Frames 480 .. (3.01 s - 2 s) were overwritten.
            assertEquals(48_000 * 3 + 480 + 1 - 96_000 - 480, f.lostFrames());
        }
    }

    @Test
    void signalSpansSilenceOrClipOneChannelForTheirFramesOnly() throws Exception {
        CaptureFormat format = new CaptureFormat(2, 48_000, 16);
        SimulatedDevice.Opener opener = SimulatedDevice.opener(SimulatedDeviceConfig.defaults(), format, 4800,
                new SimTimeline(START_NS), null);
        opener.signalSpans(List.of(new SimulatedSignalSpan(1, SimulatedSignalSpan.Kind.SILENT, 1_000_000_000L, 500_000_000L),
                new SimulatedSignalSpan(1, SimulatedSignalSpan.Kind.CLIP, 2_000_000_000L, 100_000_000L)));
        CaptureDevice device = opener.open();
        byte[] buf = new byte[4800 * format.bytesPerFrame()];
        int silent = 0;
        int clipped = 0;
        int nonZeroInSilence = 0;
        for (int b = 0; b < 30; b++) { // 3 s
            device.read(buf, 4800);
            for (int f = 0; f < 4800; f++) {
                long frame = b * 4800L + f;
                short x = (short) ((buf[f * 4] & 0xFF) | (buf[f * 4 + 1] << 8));
                boolean inSilence = frame >= 48_000 && frame < 72_000;
                boolean inClip = frame >= 96_000 && frame < 100_800;
                if (inSilence) {
                    silent += x == 0 ? 1 : 0;
                    nonZeroInSilence += x == 0 ? 0 : 1;
                } else if (inClip) {
                    clipped += x == Short.MAX_VALUE || x == Short.MIN_VALUE ? 1 : 0;
                } else if (x == 0 && frame % 240 != 0) {
                    throw new AssertionError("frame " + frame + " outside the spans is silent"); // the 100-Hz tone crosses 0 every 240 frames
                }
            }
        }
        opener.close();
        assertEquals(24_000, silent);
        assertEquals(0, nonZeroInSilence);
        assertEquals(4_800, clipped, "every sample of the clip span at full scale");
    }
}
