package io.tidemark.recorder.capture;

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
// Unverified: the PulseAudio pipe-source rig has never passed; its FIFO fix is unrun.
@org.junit.jupiter.api.Tag("unverified")
class JavaSoundPulsePacingTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int BUFFER_FRAMES = 4_800;
    static final double WRITER_PPM = 300;
    static final int CAPTURE_SECONDS = 60;
    /**
     * Tolerance. The stamp of a read is the buffer's arrival plus a latency that jitters by a few ms
     * (PulseAudio fragments, Java Sound's polling, scheduling on a loaded 2-core machine). A
     * least-squares slope over T = 55 s with N ≈ 550 stamps of jitter σ has error σ·√12 / (T·√N):
     * for σ = 5 ms that is 13 ppm, so ±30 ppm is over 2σ even for a bad jitter, while a writer at the
     * nominal rate (0 ppm) or an error of 10 % of the offset would still fail.
     */
    static final double TOLERANCE_PPM = 30;

    @Test
    void aWriterPacingAtPlus300PpmShowsUpAsPlus300PpmAndTheAudioIsExact(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("capture.raw");
        Path stamps = dir.resolve("stamps.csv");
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, CHANNELS, RATE, 2, WRITER_PPM).start()) {
            Map<String, String> env = new HashMap<>(rig.env());
            ChildJvm.Result r = ChildJvm.run(env, CAPTURE_SECONDS + 120, dir.resolve("child.log"),
                    JavaSoundCaptureMain.class, "default", "" + CHANNELS, "" + RATE, "16", "" + BUFFER_FRAMES,
                    "" + (long) CAPTURE_SECONDS * RATE, raw.toString(), stamps.toString());
            assertEquals(0, r.exitCode(), r.output());
            assertNull(writer.failure(), "writer failed");
            assertTrue(writer.framesWritten() > (long) CAPTURE_SECONDS * RATE, "writer kept up");
        }

        // Rate: least-squares fit of arrival (CLOCK_MONOTONIC_RAW) against frames delivered, leaving
        // out the first 5 s while PulseAudio and Java Sound settle their buffers.
        List<String> lines = Files.readAllLines(stamps);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        long x0 = -1, y0 = 0;
        for (String l : lines) {
            String[] p = l.split(",");
            long frames = Long.parseLong(p[0]);
            long monoRawNs = Long.parseLong(p[2]);
            if (frames <= 5L * RATE) {
                continue;
            }
            if (x0 < 0) {
                x0 = frames;
                y0 = monoRawNs;
            }
            double x = frames - x0;
            double y = monoRawNs - y0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        double nsPerFrame = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double measuredPpm = (1e9 / (nsPerFrame * RATE) - 1) * 1e6;
        System.out.printf("device rate seen against CLOCK_MONOTONIC_RAW: %+.1f ppm (writer %+.0f ppm), %d stamps%n",
                measuredPpm, WRITER_PPM, n);
        assertEquals(WRITER_PPM, measuredPpm, TOLERANCE_PPM, "measured device rate, ppm");

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
                fail("captured frames " + k + ".." + (k + m) + " differ from the written signal at " + (offset + k));
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
