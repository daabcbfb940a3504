package io.tidemark.recorder.capture;

import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.fit.WindowFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ALSA backend in real time, on the PulseAudio rig: ALSA default → pulse plugin → pipe source,
 * fed by a writer pacing like a crystal. Recorded through {@link AlsaRecordMain} (a RecordingSession
 * into Broadcast WAV) in a child JVM.
 */
class AlsaPulseTest {

    static final int CHANNELS = 8;
    static final int RATE = 48_000;
    static final int BUFFER_FRAMES = 4_800;
    static final int BYTES = 2; // the pipe source's s16le

    /** Stamp statistics of one backend: rate against CLOCK_MONOTONIC_RAW and latency above the lower envelope. */
    record Pacing(double ratePpm, double medianNs, double p99Ns, int stamps) {
        static Pacing of(double[] frames, double[] rawNs, int n) {
            double y0 = rawNs[0];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rawNs[i] - y0;
            }
            WindowFit.Line line = new LowerEnvelopeFit().fit(frames, y, n);
            double ppm = (1e9 / (line.slope() * RATE) - 1) * 1e6;
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = y[i] - line.at(frames[i]);
            }
            Arrays.sort(residual);
            return new Pacing(ppm, residual[n / 2], residual[(int) (n * 0.99)], n);
        }

        @Override
        public String toString() {
            return String.format("%+.2f ppm, latency above the envelope median %.2f ms, p99 %.2f ms, %d stamps",
                    ratePpm, medianNs / 1e6, p99Ns / 1e6, stamps);
        }
    }

    static Path sessionOf(ChildJvm.Result r) {
        String line = r.output().lines().filter(l -> l.startsWith("session=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session in: " + r.output()));
        return Path.of(line.substring("session=".length()));
    }

    static List<BufferStamp> stamps(Path session) throws Exception {
        List<BufferStamp> l = new ArrayList<>();
        try (SessionReader db = SessionReader.open(session)) {
            db.forEachBuffer(l::add);
        }
        return l;
    }

    /** All recorded audio, files in order. */
    static byte[] audio(Path session) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (SessionReader db = SessionReader.open(session)) {
            for (FileRow f : db.files()) {
                try (BwfReader w = BwfReader.open(session.resolve(f.path()))) {
                    b.writeBytes(w.readFrames(0, (int) w.frames()));
                }
            }
        }
        return b.toByteArray();
    }

    /**
     * Frames missing from the written signal after it first appears (each frame names its index), and
     * the number of places where frames were missing.
     */
    static long[] missingFrames(byte[] captured) {
        int bpf = CHANNELS * BYTES;
        int frames = captured.length / bpf;
        byte[] expected = new byte[bpf];
        long previous = -1;
        long missing = 0;
        long places = 0;
        for (int k = 0; k < frames; k++) {
            long claimed = TestSignal.claimedIndex(captured, k * bpf, BYTES);
            TestSignal.fill(expected, claimed, 1, CHANNELS, BYTES);
            boolean signal = Arrays.equals(captured, k * bpf, (k + 1) * bpf, expected, 0, bpf);
            if (previous < 0) {
                previous = signal ? claimed : -1;
                continue;
            }
            if (!signal) {
                throw new AssertionError("frame " + k + " is not the written signal");
            }
            if (claimed != previous + 1) {
                missing += claimed - previous - 1;
                places++;
            }
            previous = claimed;
        }
        return new long[]{missing, places};
    }

    @Test
    void pacingAt300PpmSideBySideWithJavaSound(@TempDir Path dir) throws Exception {
        int seconds = 60;
        Path out = Files.createDirectories(dir.resolve("rec"));
        ChildJvm.Result alsa;
        ChildJvm.Result javaSound;
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, CHANNELS, RATE, BYTES, 300).start()) {
            // Both capture the same source at once: one writer, one run, the same machine load.
            CompletableFuture<ChildJvm.Result> js = CompletableFuture.supplyAsync(() -> {
                try {
                    return ChildJvm.run(rig.env(), seconds + 120, dir.resolve("js.log"), JavaSoundCaptureMain.class,
                            "default", "" + CHANNELS, "" + RATE, "16", "" + BUFFER_FRAMES, "" + (long) seconds * RATE,
                            dir.resolve("js.raw").toString(), dir.resolve("js.csv").toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            alsa = ChildJvm.run(rig.env(), seconds + 120, dir.resolve("alsa.log"), AlsaRecordMain.class, "default",
                    "" + CHANNELS, "" + RATE, "s16", "" + BUFFER_FRAMES, "" + (long) seconds * RATE,
                    "" + (long) seconds * RATE, out.toString());
            javaSound = js.get(seconds + 150, TimeUnit.SECONDS);
            assertNull(writer.failure(), "writer failed");
        }
        assertEquals(0, alsa.exitCode(), alsa.output());
        assertEquals(0, javaSound.exitCode(), javaSound.output());
        Path session = sessionOf(alsa);
        List<BufferStamp> s = stamps(session);
        double[] x = new double[s.size()];
        double[] y = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
            x[i] = s.get(i).endSampleIndex();
            y[i] = s.get(i).monoRawNs();
        }
        Pacing alsaPacing = Pacing.of(x, y, s.size());
        List<String> lines = Files.readAllLines(dir.resolve("js.csv"), StandardCharsets.UTF_8);
        double[] jx = new double[lines.size()];
        double[] jy = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] p = lines.get(i).split(",");
            jx[i] = Long.parseLong(p[0]);
            jy[i] = Long.parseLong(p[2]);
        }
        Pacing jsPacing = Pacing.of(jx, jy, lines.size());
        System.out.println("writer +300 ppm, " + seconds + " s, same run: ALSA backend " + alsaPacing
                + "; Java Sound " + jsPacing);
        long[] missing = missingFrames(audio(session));
        assertEquals(0, missing[0], "ALSA capture continuous");
        try (SessionReader db = SessionReader.open(session)) {
            assertEquals(0, db.discontinuities(), "sample_index continuous");
            assertEquals(0, db.eventCount(SessionEvent.Kind.GAP));
            assertEquals((long) seconds * RATE, db.frames());
        }
        assertEquals(300, alsaPacing.ratePpm(), 5, "ALSA stamps show the writer's rate: " + alsaPacing);
    }

    @Test
    void anOverrunMadeBySigstopIsAGapOfTheFramesLostAndTheRecordingGoesOn(@TempDir Path dir) throws Exception {
        int seconds = 30;
        // Longer than all the buffering on the way: the 2 s device buffer and PulseAudio's record
        // queue (4 MiB, 5.5 s of 8 ch of 16 bit); with 4 s nothing was lost.
        long stopMs = 10_000;
        Path out = Files.createDirectories(dir.resolve("rec"));
        Path log = dir.resolve("alsa.log");
        ChildJvm.Result r;
        try (PulsePipeSource rig = new PulsePipeSource(CHANNELS, RATE);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, CHANNELS, RATE, BYTES, 0).start()) {
            Process child = ChildJvm.start(rig.env(), log, AlsaRecordMain.class, "default", "" + CHANNELS, "" + RATE,
                    "s16", "" + BUFFER_FRAMES, "" + (long) seconds * RATE, "" + 10L * RATE, out.toString());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(log).contains("opened ") && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(6_000);
            signal("STOP", child.pid());
            Thread.sleep(stopMs);
            signal("CONT", child.pid());
            r = ChildJvm.await(child, seconds + 120, log, AlsaRecordMain.class);
            assertNull(writer.failure(), "writer failed");
        }
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("stopReason=COMPLETED"), "the recording went on: " + r.output());
        Path session = sessionOf(r);
        long[] missing = missingFrames(audio(session));
        try (SessionReader db = SessionReader.open(session)) {
            List<SessionEvent> gaps = db.events().stream().filter(e -> e.kind() == SessionEvent.Kind.GAP).toList();
            long gapFrames = gaps.stream().mapToLong(SessionEvent::frames).sum();
            System.out.println("SIGSTOP " + stopMs + " ms: " + missing[0] + " frames missing from the signal in "
                    + missing[1] + " place(s); gap events " + gaps + "; overruns " + db.eventCount(SessionEvent.Kind.OVERRUN));
            // PulseAudio drops what overflows its queue, in one or a few pieces close together.
            assertTrue(missing[1] >= 1, "audio was lost");
            assertEquals(1, gaps.size(), gaps.toString());
            assertEquals(missing[0], gapFrames, BUFFER_FRAMES, "gap frames within one period of the frames lost");
            assertEquals((long) seconds * RATE, db.frames(), "the recording continued to its duration");
            assertEquals(0, db.discontinuities());
        }
    }

    static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + sig);
    }
}
