package io.tidemark.recorder.session;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Brings the audio headers up to date on a thread of its own. A header sync forces data and header
 * to disk, which can take longer than a buffer lasts; on the capture thread it would stall reads
 * until the device overran. A sync still running when the next is due is not queued behind: the
 * next one covers the same data. A failure (a full disk) is handed back to the capture thread at
 * its next {@link #request}, so the loop stops the way it stops for a failed write.
 */
final class HeaderSync implements AutoCloseable {

    private final AudioSink audio;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "header-sync");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    HeaderSync(AudioSink audio) {
        this.audio = audio;
    }

    /** Starts a sync unless one is still running; first rethrows what the last finished one failed with. */
    void request() throws IOException {
        if (pending != null) {
            if (!pending.isDone()) {
                return;
            }
            rethrowFailure(pending);
        }
        pending = thread.submit(() -> {
            audio.syncHeaders();
            return null;
        });
    }

    /** Waits for the running sync, so the caller may close the audio; rethrows its failure. */
    void finish(long timeoutMs) throws IOException {
        Future<?> p = pending;
        pending = null;
        if (p == null) {
            return;
        }
        try {
            p.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            throw new IOException("the disk did not finish a header sync within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }

    private static void rethrowFailure(Future<?> done) throws IOException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    private static IOException asIoException(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        return new IOException(cause);
    }
}
