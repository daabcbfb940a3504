package io.tidemark.recorder.capture;

import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.fit.WindowFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Java Sound path in real time: ALSA default → PulseAudio → pipe source, fed by a writer
 * pacing like a crystal 300 ppm fast. Reads stamped with CLOCK_MONOTONIC_RAW must show +300 ppm, and
 * the captured audio must be the written signal sample for sample.
 */
class JavaSoundPulsePacingTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int BUFFER_FRAMES = 4_800;
    static final double WRITER_PPM = 300;
    static final int CAPTURE_SECONDS = 60;
    /**
     * Tolerance. A stamp is the buffer's arrival plus a latency (PulseAudio fragments, the
     * device's 1 ms look for data, a loaded 2-core VM descheduling us for 0.1–0.7 s). The lower-envelope fit ignores the
     * latency and follows its minimum, which stays within a few ms (printed: the spread of the 5 %
     * lowest residuals). Two hull points a span S apart, each off the true floor by at most δ, give a
     * slope error of at most 2δ/S: with δ = 1 ms and S ≥ 55 s / 2 that is 73 ppm worst case, and the
     * hull edge spanning the middle is in practice much longer than S/2 with δ well under 1 ms. ±30 ppm
     * is a tenth of the offset: a writer at the nominal rate, or at 270 or 330 ppm, fails.
     */
    static final double TOLERANCE_PPM = 30;
    /** Measured 1.8-5.5 ms, with two busy loops beside it 5.5 ms. */
    static final double MAX_MEDIAN_LATENCY_NS = 50e6;

    @Test
    void aWriterPacingAtPlus300PpmShowsUpAsPlus300PpmAndTheAudioIsExact(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("capture.raw");
        Path stamps = dir.resolve("stamps.csv");
        List<PacedFifoWriter.Skip> writerSkips;
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, CHANNELS, RATE, 2, WRITER_PPM).start()) {
            Map<String, String> env = new HashMap<>(rig.env());
            ChildJvm.Result r = ChildJvm.run(env, CAPTURE_SECONDS + 120, dir.resolve("child.log"),
                    JavaSoundCaptureMain.class, "default", "" + CHANNELS, "" + RATE, "16", "" + BUFFER_FRAMES,
                    "" + (long) CAPTURE_SECONDS * RATE, raw.toString(), stamps.toString());
            assertEquals(0, r.exitCode(), r.output());
            assertNull(writer.failure(), "writer failed");
            assertTrue(writer.framesWritten() > (long) CAPTURE_SECONDS * RATE, "writer kept up");
            writerSkips = writer.skips();
        }

        // Rate: lower-envelope fit of arrival (CLOCK_MONOTONIC_RAW) against frames delivered, and
        // continuity: every read delivered the frames asked for, none flagged as an overrun.
        List<String> lines = Files.readAllLines(stamps);
        int n = lines.size();
        double[] x = new double[n];
        double[] y = new double[n];
        long previousFrames = 0;
        long y0 = Long.parseLong(lines.get(0).split(",")[2]);
        for (int i = 0; i < n; i++) {
            String[] p = lines.get(i).split(",");
            long frames = Long.parseLong(p[0]);
            assertEquals(previousFrames + BUFFER_FRAMES, frames, "frames delivered at read " + i);
            assertEquals("0", p[3], "no overrun at read " + i);
            previousFrames = frames;
            x[i] = frames;
            y[i] = Long.parseLong(p[2]) - y0;
        }
        WindowFit.Line line = new LowerEnvelopeFit().fit(x, y, n);
        double nsPerFrame = line.slope();
        double measuredPpm = (1e9 / (nsPerFrame * RATE) - 1) * 1e6;
        double[] residualNs = new double[n];
        for (int i = 0; i < n; i++) {
            residualNs[i] = y[i] - line.at(x[i]);
        }
        java.util.Arrays.sort(residualNs);
        System.out.printf("device rate seen against CLOCK_MONOTONIC_RAW: %+.1f ppm (writer %+.0f ppm), %d stamps;"
                        + " latency above the envelope: 5 %% %.2f ms, median %.2f ms, max %.1f ms%n",
                measuredPpm, WRITER_PPM, n, residualNs[n / 20] / 1e6, residualNs[n / 2] / 1e6, residualNs[n - 1] / 1e6);
        assertEquals(WRITER_PPM, measuredPpm, TOLERANCE_PPM, "measured device rate, ppm");
        // A read returns when its data is there, not on Java Sound's own quarter-buffer (500 ms) timer:
        // with that timer the median was 206-249 ms.
        assertTrue(residualNs[n / 2] < MAX_MEDIAN_LATENCY_NS, "median stamp latency above the envelope "
                + residualNs[n / 2] / 1e6 + " ms");

        // Content: find where the capture joined the stream, then every frame must be the signal's.
        byte[] captured = Files.readAllBytes(raw);
        int bpf = CHANNELS * 2;
        assertEquals((long) CAPTURE_SECONDS * RATE * bpf, captured.length);
        int totalFrames = captured.length / bpf;
        int firstSignalFrame = -1;
        long offset = 0;
        byte[] expected = new byte[bpf];
        for (int k = 0; k < totalFrames && firstSignalFrame < 0; k++) {
            long claimed = TestSignal.claimedIndex(captured, k * bpf, 2);
            TestSignal.fill(expected, claimed, 1, CHANNELS, 2);
            if (java.util.Arrays.equals(captured, k * bpf, (k + 1) * bpf, expected, 0, bpf)) {
                firstSignalFrame = k;
                offset = claimed - k;
            }
        }
        assertTrue(firstSignalFrame >= 0, "the written signal appears in the capture");
        assertTrue(firstSignalFrame < RATE, "signal within the first second, not " + firstSignalFrame);
        for (int k = 0; k < firstSignalFrame * bpf; k++) {
            if (captured[k] != 0) {
                fail("before the signal the capture is silence; byte " + k + " is " + captured[k]);
            }
        }
        int chunk = 4800;
        byte[] want = new byte[chunk * bpf];
        for (int k = firstSignalFrame; k < totalFrames; k += chunk) {
            int m = Math.min(chunk, totalFrames - k);
            TestSignal.fill(want, offset + k, m, CHANNELS, 2);
            if (!java.util.Arrays.equals(captured, k * bpf, (k + m) * bpf, want, 0, m * bpf)) {
                fail("captured frames " + k + ".." + (k + m) + " differ from the written signal at " + (offset + k)
                        + "; writer skips (behind its schedule by over 1 s, machine overloaded?): " + writerSkips);
            }
        }
    }

    @Test
    void aFormatTheDeviceCannotOpenIsAOneLineUserError(@TempDir Path dir) throws Exception {
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE)) {
            // PulseAudio 16 (Debian 12) carries at most 32 channels; the format itself is valid for Tidemark.
            ChildJvm.Result r = ChildJvm.run(rig.env(), 120, dir.resolve("child.log"), JavaSoundCaptureMain.class,
                    "default", "64", "" + RATE, "16", "" + BUFFER_FRAMES, "" + RATE,
                    dir.resolve("x.raw").toString(), dir.resolve("x.csv").toString());
            assertEquals(2, r.exitCode(), r.output());
            String line = r.output().lines().filter(l -> l.startsWith("USER_ERROR: ")).findFirst().orElseThrow();
            assertEquals("USER_ERROR: capture device 'default [default]' does not support 64 ch, 48000 Hz, 16-bit;"
                    + " run 'tidemark devices' to see its formats and pick --channels, --rate and --bits from them", line);
        }
    }
}
