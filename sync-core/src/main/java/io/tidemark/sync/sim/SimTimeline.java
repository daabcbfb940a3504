package io.tidemark.sync.sim;

import io.tidemark.sync.time.Scheduler;

import java.util.PriorityQueue;

/**
 * True time of a simulated world, in ns since the Unix epoch (UTC, no leap seconds), and the events
 * scheduled on it. Time only moves forward; {@link #advanceTo} runs every event due on the way, each
 * at its own instant, so that a task observes the world as it was when it was due.
 * Not thread-safe: a simulation is driven by one thread.
 */
public final class SimTimeline implements Scheduler {

    private record Event(long atNs, long seq, Runnable task) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.atNs != b.atNs ? Long.compare(a.atNs, b.atNs) : Long.compare(a.seq, b.seq));
    private long nowNs;
    private long nextSeq;

    public SimTimeline(long startTrueNs) {
        this.nowNs = startTrueNs;
    }

    /** True UTC now, ns since the Unix epoch. */
    @Override
    public long nowNs() {
        return nowNs;
    }

    @Override
    public Cancellable schedule(long delayNs, Runnable task) {
        Event e = new Event(nowNs + Math.max(0, delayNs), nextSeq++, task);
        queue.add(e);
        return () -> queue.remove(e);
    }

    /** Moves true time to {@code trueNs} (never backwards), running the events due until then. */
    public void advanceTo(long trueNs) {
        Event e;
        while ((e = queue.peek()) != null && e.atNs <= trueNs) {
            queue.poll();
            nowNs = Math.max(nowNs, e.atNs);
            e.task.run();
        }
        nowNs = Math.max(nowNs, trueNs);
    }

    public void advanceBy(long deltaNs) {
        advanceTo(nowNs + deltaNs);
    }

    /** Events still waiting. */
    public int pendingEvents() {
        return queue.size();
    }
}
