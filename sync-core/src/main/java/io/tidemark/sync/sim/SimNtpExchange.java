package io.tidemark.sync.sim;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.time.Scheduler;

import java.util.SplittableRandom;

/**
 * A minimal simulated NTP poller against a perfect (GPS) server: every {@code pollNs} one exchange
 * over {@link NetworkPath}s, reported as an {@link NtpSample} at T4, as the NTP client would report it.
 */
public final class SimNtpExchange {

    private final SimTimeline timeline;
    private final SimulatedSystemClock clock;
    private final NetworkPath toServer;
    private final NetworkPath toClient;
    private final long pollNs;
    private final NtpSampleSink sink;
    private final SplittableRandom random;
    private Scheduler.Cancellable next;
    private long exchanges;

    public SimNtpExchange(SimTimeline timeline, SimulatedSystemClock clock, NetworkPath toServer,
                          NetworkPath toClient, long pollNs, NtpSampleSink sink, long seed) {
        this.timeline = timeline;
        this.clock = clock;
        this.toServer = toServer;
        this.toClient = toClient;
        this.pollNs = pollNs;
        this.sink = sink;
        this.random = new SplittableRandom(seed);
    }

    public void start() {
        next = timeline.schedule(0, this::poll);
    }

    public void stop() {
        if (next != null) {
            next.cancel();
        }
    }

    public long exchanges() {
        return exchanges;
    }

    private void poll() {
        ClockReading t1 = clock.readingAt(timeline.nowNs());
        var there = toServer.transitNs(random);
        var back = toClient.transitNs(random);
        if (there.isPresent() && back.isPresent()) {
            long t2 = timeline.nowNs() + there.getAsLong();
            long t3 = t2 + 20_000;
            long arrive = t3 - timeline.nowNs() + back.getAsLong();
            timeline.schedule(arrive, () -> {
                ClockReading t4 = clock.readingAt(timeline.nowNs());
                exchanges++;
                sink.accept(new NtpSample("sim-gps:123", t1.realtimeNs(), t2, t3, t4.realtimeNs(), t1.monoRawNs(),
                        t4.monoRawNs(), 1, "GPS", 0, NtpSample.offsetNs(t1.realtimeNs(), t2, t3, t4.realtimeNs()),
                        NtpSample.delayNs(t1.realtimeNs(), t2, t3, t4.realtimeNs()), true, null));
            });
        }
        next = timeline.schedule(pollNs, this::poll);
    }
}
