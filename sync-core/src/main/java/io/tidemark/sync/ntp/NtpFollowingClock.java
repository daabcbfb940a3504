package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;

/**
 * Serves the {@link NtpClient}'s UTC estimate: the system clock's raw reading mapped through the
 * client's clock model, so what is served is UTC as well as the client knows it, whether or not
 * anything disciplines CLOCK_REALTIME. Or, given a {@link ReferenceTime}, serves that (the sync
 * engine's time) while the client still decides what is announced. Synchronised once the client has selected a source; then
 * stratum = upstream + 1, reference ID = the upstream, root delay and dispersion = the upstream's
 * plus our own round trip and uncertainty.
 */
public final class NtpFollowingClock implements NtpServedClock {

    private static final long STATE_REFRESH_NS = 1_000_000_000L;

    private final NtpClient client;
    private final ReferenceTime time;
    private final SystemClock clock;
    private volatile State cached = State.unsynchronised();
    private volatile long cachedAtMonoRawNs = Long.MIN_VALUE;

    public NtpFollowingClock(NtpClient client, SystemClock clock) {
        this(client, client, clock);
    }

    /** Serves {@code time}; {@code client} (which feeds it) gives stratum, reference and root distance. */
    public NtpFollowingClock(NtpClient client, ReferenceTime time, SystemClock clock) {
        this.client = client;
        this.time = time;
        this.clock = clock;
    }

    @Override
    public long nowNs() {
        return timeNsAt(clock.read());
    }

    @Override
    public long timeNsAt(ClockReading reading) {
        return time.timeNsAt(reading).orElse(reading.realtimeNs());
    }

    @Override
    public State state() {
        long now = clock.monoRawNs();
        if (now - cachedAtMonoRawNs < STATE_REFRESH_NS && cachedAtMonoRawNs != Long.MIN_VALUE) {
            return cached;
        }
        NtpClientStatus st = client.status();
        State s;
        if (!st.synchronised() || st.stratum() < 1 || st.stratum() >= 15) {
            s = State.unsynchronised();
        } else {
            s = new State(true, st.leap(), st.stratum() + 1, st.referenceId(), st.lastUpdateNs(), st.rootDelayNs(),
                    st.rootDispersionNs(), -20);
        }
        cached = s;
        cachedAtMonoRawNs = now;
        return s;
    }
}
