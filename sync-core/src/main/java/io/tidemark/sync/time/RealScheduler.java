package io.tidemark.sync.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} on the JVM's monotonic clock with one daemon thread: tasks never overlap. */
public final class RealScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;

    public RealScheduler(String threadName) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public long nowNs() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNs, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
