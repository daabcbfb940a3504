package io.tidemark.analysis.marks;

import io.tidemark.recorder.capture.ChildJvm;
import io.tidemark.recorder.capture.JavaSoundCaptureMain;
import io.tidemark.recorder.capture.PacedFifoWriter;
import io.tidemark.recorder.capture.PulsePipeSource;
import io.tidemark.recorder.capture.ReferenceSignal;
import io.tidemark.recorder.capture.TestSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PPS and LTC through the PulseAudio rig: a writer paced like a crystal plays the reference on channel 3 of the
 * pipe source (channels 1 and 2 carry {@link TestSignal}'s frame index, so every captured frame says which written
 * frame it is), Java Sound captures it in real time through ALSA's default → pulse, and the marks are found in
 * what came back. s16 quantisation, PulseAudio's buffering and real-time pacing are on the path.
 */
class ReferenceThroughPulseTest {

    private static final int CHANNELS = 8;
    private static final int RATE_HZ = 48_000;
    private static final int BYTES = 2;
    private static final int BUFFER_FRAMES = 4_800;
    private static final int REFERENCE_CHANNEL = 2; // 0-based: the third channel
    /** The writer's "UTC" at its frame 0: edges fall on whole seconds of the writer's own clock. */
    private static final long WRITER_EPOCH_NS = 1_796_342_400_300_000_000L; // 2026-12-03T00:00:00.3Z

    @Test
    void ppsRecoversTheWritersPacingRateToATenthOfAPpmOverTenMinutes(@TempDir Path dir) throws Exception {
        double writerPpm = 37.3;
        int seconds = 600;
        double framesPerNs = RATE_HZ * (1 + writerPpm * 1e-6) / 1e9;
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 3, 40, 0), 11);
        PacedFifoWriter.Content content = new PacedFifoWriter.Content() {
            private float[] block = new float[0];

            @Override
            public void fill(byte[] chunk, long firstFrame, int frames) {
                TestSignal.fill(chunk, firstFrame, frames, CHANNELS, BYTES);
                if (block.length < frames) {
                    block = new float[frames];
                }
                // The writer's clock: frame f is written at f / (rate·(1 + ppm)) seconds after its epoch.
                pps.fill(f -> WRITER_EPOCH_NS + Math.round(f / framesPerNs), firstFrame, block, 0, frames);
                for (int k = 0; k < frames; k++) {
                    putS16(chunk, (k * CHANNELS + REFERENCE_CHANNEL) * BYTES, block[k]);
                }
            }
        };
        Captured c = capture(dir, writerPpm, content, (long) seconds * RATE_HZ);

        // Rough time of each captured sample from the frame it names, as stamps would give it (edges are found
        // near it and then placed by the matched filter, never by this).
        List<ReferenceMark> marks = PpsDetector.detect(c.reference(), RATE_HZ, 0,
                k -> WRITER_EPOCH_NS + Math.round(c.writtenFrameOf(k) / framesPerNs));
        assertTrue(marks.size() >= seconds - 2, "edges found: " + marks.size());
        // Through the longest stretch without a lost frame: samples per second of the writer's clock.
        double[] fit = slope(marks, c.firstContinuous(), c.endContinuous());
        double recoveredPpm = (fit[0] / RATE_HZ - 1) * 1e6;
        System.out.printf(Locale.ROOT, "PPS through PulseAudio: %d edges (%d in the longest continuous stretch of %d s),"
                        + " %d frames lost in %d places; writer %+.4f ppm, recovered %+.4f ppm (%.4f ppm off);"
                        + " edge residual RMS %.1f ns%n", marks.size(), (int) fit[2],
                (c.endContinuous() - c.firstContinuous()) / RATE_HZ, c.lostFrames(), c.lostPlaces(), writerPpm,
                recoveredPpm, recoveredPpm - writerPpm, fit[1]);
        assertTrue(fit[2] >= 300, "the longest stretch without lost frames holds only " + fit[2] + " edges");
        assertEquals(writerPpm, recoveredPpm, 0.1, "the writer's pacing rate from the marks");
    }

    @Test
    void ltcAt25FpsThroughPulseAgreesWithLibltc(@TempDir Path dir) throws Exception {
        LibLtc ltc = LibLtc.load();
        LibLtc.Encoded encoded = ltc.encode(RATE_HZ, 25, LibLtc.LTC_TV_625_50, "+0000",
                LocalDate.of(2026, 12, 5), 8, 30, 0, 252, LtcFrameRate.FPS_25);
        System.out.println("PulseAudio, libltc " + throughPulse(dir, ltc, encoded, 25, LtcFrameRate.FPS_25));
    }

    @Test
    void ltcAt2997DropFrameThroughPulseAgreesWithLibltc(@TempDir Path dir) throws Exception {
        LibLtc ltc = LibLtc.load();
        double fps = 30000.0 / 1001;
        // 10:09:55 to 10:10:05: across minute 10, where drop-frame skips no frame numbers (every tenth minute)
        LibLtc.Encoded encoded = ltc.encode(RATE_HZ, fps, LibLtc.LTC_TV_525_60, "-0500",
                LocalDate.of(2026, 12, 5), 10, 9, 55, 302, LtcFrameRate.FPS_29_97);
        System.out.println("PulseAudio, libltc " + throughPulse(dir, ltc, encoded, fps, LtcFrameRate.FPS_29_97));
    }

    /** Plays {@code encoded} on the rig, finds one whole captured pass and checks it against libltc. */
    private static String throughPulse(Path dir, LibLtc ltc, LibLtc.Encoded encoded, double fps, LtcFrameRate rate)
            throws Exception {
        byte[] u8 = encoded.u8();
        int loop = u8.length;
        // The writer plays the encoded LTC over and over (a live generator keeps going too); the check takes the
        // one whole pass that was captured without a lost frame.
        PacedFifoWriter.Content content = (chunk, firstFrame, frames) -> {
            TestSignal.fill(chunk, firstFrame, frames, CHANNELS, BYTES);
            for (int k = 0; k < frames; k++) {
                int v = ((u8[(int) ((firstFrame + k) % loop)] & 0xFF) - 128) << 8;
                int at = (k * CHANNELS + REFERENCE_CHANNEL) * BYTES;
                chunk[at] = (byte) v;
                chunk[at + 1] = (byte) (v >> 8);
            }
        };
        Captured c = capture(dir, -12.0, content, 3L * loop + RATE_HZ);
        long firstPass = -1;
        for (long k = c.firstContinuous(); k + loop <= c.endContinuous(); k++) {
            if (c.writtenFrameOf(k) % loop == 0) {
                firstPass = k;
                break;
            }
        }
        assertTrue(firstPass >= 0, "no whole pass of the LTC captured without a lost frame (" + c.lostFrames()
                + " frames lost in " + c.lostPlaces() + " places)");
        byte[] recorded = new byte[loop];
        for (int i = 0; i < loop; i++) {
            int v = Math.round(c.reference()[(int) (firstPass + i)] * 32768f);
            assertEquals(0, v & 0xFF, "the low byte of the 8-bit LTC at pass sample " + i);
            recorded[i] = (byte) (((v >> 8) + 128) & 0xFF);
        }
        return LibLtcTest.check(ltc, encoded, recorded, fps, rate);
    }

    /** What came back: the reference channel as float, and which written frame each captured frame is. */
    private record Captured(float[] reference, long[] runStarts, long[] runWritten, long lostFrames, int lostPlaces,
                            long firstContinuous, long endContinuous) {

        long writtenFrameOf(long k) {
            int i = java.util.Arrays.binarySearch(runStarts, k);
            if (i < 0) {
                i = -i - 2;
            }
            return runWritten[i] + (k - runStarts[i]);
        }
    }

    private static Captured capture(Path dir, double writerPpm, PacedFifoWriter.Content content, long frames)
            throws Exception {
        Path raw = dir.resolve("capture.raw");
        ChildJvm.Result r;
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE_HZ);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, CHANNELS, RATE_HZ, BYTES, writerPpm, content).start()) {
            r = ChildJvm.run(rig.env(), frames / RATE_HZ + 120, dir.resolve("capture.log"), JavaSoundCaptureMain.class,
                    "default", "" + CHANNELS, "" + RATE_HZ, "16", "" + BUFFER_FRAMES, "" + frames, raw.toString(),
                    dir.resolve("stamps.csv").toString());
            assertNull(writer.failure(), "writer failed");
        }
        assertEquals(0, r.exitCode(), r.output());
        try {
            return read(raw, frames);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /**
     * Reads the capture: the reference channel, and runs of consecutive written frames. The first frames may
     * precede the writer's signal (PulseAudio's silence before the FIFO delivers): they are skipped.
     */
    private static Captured read(Path raw, long frames) throws IOException {
        int bpf = CHANNELS * BYTES;
        float[] reference = new float[(int) frames];
        List<long[]> runs = new java.util.ArrayList<>();
        long previous = Long.MIN_VALUE;
        long lost = 0;
        int places = 0;
        byte[] buf = new byte[BUFFER_FRAMES * bpf];
        byte[] expected = new byte[bpf];
        long k = 0;
        long started = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(raw), 1 << 20)) {
            int n;
            while (k < frames && (n = in.readNBytes(buf, 0, buf.length)) > 0) {
                for (int off = 0; off + bpf <= n && k < frames; off += bpf, k++) {
                    long claimed = TestSignal.claimedIndex(buf, off, BYTES);
                    TestSignal.fill(expected, claimed, 1, CHANNELS, BYTES);
                    // A written frame has the writer's index (channels 0, 1) and hash (all but the reference's);
                    // the silence PulseAudio gives before the writer's frames arrive has neither.
                    int ref = REFERENCE_CHANNEL * BYTES;
                    boolean written = java.util.Arrays.equals(buf, off, off + ref, expected, 0, ref)
                            && java.util.Arrays.equals(buf, off + ref + BYTES, off + bpf, expected, ref + BYTES, bpf);
                    reference[(int) k] = (short) ((buf[off + REFERENCE_CHANNEL * BYTES] & 0xFF)
                            | (buf[off + REFERENCE_CHANNEL * BYTES + 1] << 8)) / 32768f;
                    if (!written) {
                        if (started >= 0) {
                            throw new AssertionError("captured frame " + k + " is not a written frame");
                        }
                        continue;
                    }
                    if (started < 0) {
                        started = k;
                    }
                    if (claimed != previous + 1) {
                        if (previous != Long.MIN_VALUE) {
                            lost += claimed - previous - 1;
                            places++;
                        }
                        runs.add(new long[]{k, claimed});
                    }
                    previous = claimed;
                }
            }
        }
        assertEquals(frames, k, "captured frames");
        assertTrue(started >= 0, "the writer's signal never arrived");
        long[] starts = runs.stream().mapToLong(a -> a[0]).toArray();
        long[] written = runs.stream().mapToLong(a -> a[1]).toArray();
        long bestFrom = 0;
        long bestEnd = 0;
        for (int i = 0; i < starts.length; i++) {
            long end = i + 1 < starts.length ? starts[i + 1] : frames;
            if (end - starts[i] > bestEnd - bestFrom) {
                bestFrom = starts[i];
                bestEnd = end;
            }
        }
        return new Captured(reference, starts, written, lost, places, bestFrom, bestEnd);
    }

    /** Least squares of mark position against asserted time inside [from, end): {samples per s, residual RMS ns, n}. */
    private static double[] slope(List<ReferenceMark> marks, long from, long end) {
        List<ReferenceMark> in = marks.stream()
                .filter(m -> m.positionSamples() >= from && m.positionSamples() < end).toList();
        double t0 = in.get(0).utcNs();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (ReferenceMark m : in) {
            double x = (m.utcNs() - t0) / 1e9;
            double y = m.positionSamples();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        int n = in.size();
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        double squares = 0;
        for (ReferenceMark m : in) {
            double x = (m.utcNs() - t0) / 1e9;
            double residualNs = (m.positionSamples() - (intercept + slope * x)) / slope * 1e9;
            squares += residualNs * residualNs;
        }
        return new double[]{slope, Math.sqrt(squares / n), n};
    }

    private static void putS16(byte[] b, int at, float v) {
        int s = Math.max(-32768, Math.min(32767, Math.round(v * 32767f)));
        b[at] = (byte) s;
        b[at + 1] = (byte) (s >> 8);
    }
}
