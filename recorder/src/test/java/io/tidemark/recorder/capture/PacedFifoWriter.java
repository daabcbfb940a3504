package io.tidemark.recorder.capture;

import io.tidemark.sync.clock.SystemClock;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a device whose crystal is off by {@code ratePpm}: writes {@link TestSignal} into a FIFO at
 * {@code rateHz × (1 + ratePpm·10⁻⁶)} frames per second of CLOCK_MONOTONIC_RAW, in 10 ms chunks on an
 * absolute schedule (a late chunk does not delay the ones after it). The FIFO's reader (PulseAudio's
 * pipe source) may close and reopen it; on EPIPE the writer reopens and carries on with the next frames.
 *
 * <p>While nobody captures, PulseAudio does not read the FIFO and a write blocks once its 64 KiB are
 * full. A writer that then caught up on its schedule would burst the whole backlog (seconds, the time a
 * capturing JVM takes to start) into PulseAudio at once, overflowing the capture's buffers. A real
 * device's crystal keeps counting and the frames nobody read are gone: so when the writer is more than
 * {@link #SKIP_AFTER_NS} behind its schedule it skips the missed frames (keeping the timing exact) and
 * records when, so a test can tell a skip before the capture began from one during it.
 */
public final class PacedFifoWriter implements AutoCloseable {

    static final long SKIP_AFTER_NS = 1_000_000_000L;

    /** Frames {@code [fromFrame, toFrame)} were never written; noticed at {@code monoRawNs}. */
    record Skip(long fromFrame, long toFrame, long monoRawNs) {
    }

    /** What the writer plays: frames {@code [firstFrame, firstFrame + frames)} into {@code chunk}, interleaved. */
    public interface Content {
        void fill(byte[] chunk, long firstFrame, int frames);
    }

    private final java.util.List<Skip> skips = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path fifo;
    private final Content content;
    private final int channels;
    private final int bytesPerSample;
    private final int chunkFrames;
    private final double framesPerNs;
    private final SystemClock clock = SystemClock.platform();
    private final AtomicLong framesWritten = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    public PacedFifoWriter(Path fifo, int channels, int rateHz, int bytesPerSample, double ratePpm) {
        this(fifo, channels, rateHz, bytesPerSample, ratePpm,
                (chunk, first, frames) -> TestSignal.fill(chunk, first, frames, channels, bytesPerSample));
    }

    /** The same, playing {@code content} instead of {@link TestSignal}. */
    public PacedFifoWriter(Path fifo, int channels, int rateHz, int bytesPerSample, double ratePpm, Content content) {
        this.content = content;
        this.fifo = fifo;
        this.channels = channels;
        this.bytesPerSample = bytesPerSample;
        this.chunkFrames = rateHz / 100;
        this.framesPerNs = rateHz * (1 + ratePpm * 1e-6) / 1e9;
        this.thread = new Thread(this::loop, "paced-fifo-writer");
        this.thread.setDaemon(true);
    }

    public PacedFifoWriter start() {
        thread.start();
        return this;
    }

    long framesWritten() {
        return framesWritten.get();
    }

    /** The skips so far (see the class comment). */
    java.util.List<Skip> skips() {
        return java.util.List.copyOf(skips);
    }

    public Throwable failure() {
        return failure;
    }

    private void loop() {
        byte[] chunk = new byte[chunkFrames * channels * bytesPerSample];
        long startNs = clock.monoRawNs();
        long frame = 0;
        try {
            while (!stop) {
                try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                    while (!stop) {
                        long dueNs = startNs + (long) Math.ceil(frame / framesPerNs);
                        long now = clock.monoRawNs();
                        if (now - dueNs > SKIP_AFTER_NS) {
                            long next = (long) Math.floor((now - startNs) * framesPerNs / chunkFrames) * chunkFrames;
                            skips.add(new Skip(frame, next, now));
                            frame = next;
                            dueNs = startNs + (long) Math.ceil(frame / framesPerNs);
                        }
                        while ((now = clock.monoRawNs()) < dueNs && !stop) {
                            LockSupport.parkNanos(dueNs - now);
                        }
                        content.fill(chunk, frame, chunkFrames);
                        out.write(chunk);
                        out.flush();
                        frame += chunkFrames;
                        framesWritten.set(frame);
                    }
                } catch (IOException e) {
                    // EPIPE: the reader closed the FIFO. Reopen (this blocks until a reader comes back).
                    if (!stop) {
                        LockSupport.parkNanos(10_000_000L);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(2_000);
    }
}
