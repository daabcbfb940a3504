package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.NtpClientStatus.SourceState;
import io.tidemark.sync.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * The NTP client: polls its servers in bursts on the injected {@link Scheduler}, filters the
 * replies ({@link NtpSource}), selects a source ({@link NtpSelection}) and answers "what is UTC at
 * this clock reading?" from the selected source's clock model.
 *
 * <p>The same code runs on a real scheduler over UDP and on a simulation's timeline over simulated
 * network paths; in simulation the polls interleave with everything else on the timeline.
 * Every exchange, accepted or not, goes to the {@link NtpSampleSink} with the reason.
 *
 * <p>Threads: polls run on the scheduler's thread; {@link #timeNsAt} and {@link #status} may be
 * called from any thread (the estimate is an immutable snapshot behind a volatile).
 */
public final class NtpClient implements ReferenceTime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NtpClient.class);

    /** The current estimate: the selected source's model, or its last offset before it has two points. */
    private record Estimate(NtpSource source, ClockModel model, long lastOffsetNs, double lastSigmaNs,
                            long lastMonoRawNs) {
    }

    private final NtpClientConfig config;
    private final SystemClock clock;
    private final NtpTransport transport;
    private final Scheduler scheduler;
    private final NtpSampleSink sink;
    private final List<NtpSource> sources = new ArrayList<>();
    private final List<Scheduler.Cancellable> pending = new ArrayList<>();
    private volatile Estimate estimate;
    private volatile boolean closed;
    private final List<BiConsumer<String, String>> selectionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public NtpClient(List<NtpServerAddress> servers, NtpClientConfig config, SystemClock clock, NtpTransport transport,
                     Scheduler scheduler, NtpSampleSink sink) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no NTP servers given");
        }
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
        this.transport = Objects.requireNonNull(transport);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.sink = sink == null ? NtpSampleSink.NONE : sink;
        for (NtpServerAddress s : servers) {
            sources.add(new NtpSource(s, config));
        }
    }

    /**
     * Adds a listener called with (previous, new) server names when the selected source changes; null for none.
     * Each listener added is called (a recording stores the change, a station alerts on it).
     */
    public void onSelectionChange(BiConsumer<String, String> listener) {
        selectionListeners.add(Objects.requireNonNull(listener));
    }

    /** Starts polling: every server at once, then each at its own adaptive interval. */
    public void start() {
        for (NtpSource s : sources) {
            schedulePoll(s, 0);
        }
    }

    @Override
    public OptionalLong timeNsAt(ClockReading reading) {
        Estimate e = estimate;
        if (e == null) {
            return OptionalLong.empty();
        }
        if (e.model.points() < 2) {
            // One point says nothing about frequency: carry its offset on CLOCK_REALTIME.
            return OptionalLong.of(reading.realtimeNs() + e.lastOffsetNs);
        }
        return OptionalLong.of(e.model.referenceNsAt(reading.monoRawNs()));
    }

    /** 1σ uncertainty of {@link #timeNsAt} at {@code reading}, ns; empty before the first sample. */
    public OptionalLong uncertaintyNsAt(ClockReading reading) {
        Estimate e = estimate;
        if (e == null) {
            return OptionalLong.empty();
        }
        if (e.model.points() < 2) {
            long ageNs = Math.abs(reading.monoRawNs() - e.lastMonoRawNs);
            return OptionalLong.of(Math.round(Math.hypot(e.lastSigmaNs, ageNs * 100e-6)));
        }
        return OptionalLong.of(Math.round(e.model.uncertaintyNsAt(reading.monoRawNs())));
    }

    public synchronized NtpClientStatus status() {
        ClockReading now = clock.read();
        Estimate e = estimate;
        List<NtpClientStatus.Source> list = new ArrayList<>();
        for (NtpSource s : sources) {
            NtpSource.Accepted last = s.lastAccepted();
            NtpPacket p = s.lastPacket;
            list.add(new NtpClientStatus.Source(s.address.toString(), stateOf(s, e), s.currentPollLog2(),
                    s.reach, p == null ? 0 : p.stratum(), p == null ? "" : p.referenceIdText(), p == null ? 0 : p.leap(),
                    last == null ? 0 : last.sample().offsetNs(), last == null ? 0 : last.sample().delayNs(),
                    s.minDelayNs(), s.acceptedCount, s.rejectedCount, s.kissCode));
        }
        if (e == null) {
            return new NtpClientStatus(false, null, 0, NtpPacket.LEAP_UNSYNCHRONISED, 0, 0, 0, 0, 0, 0, 0, list);
        }
        long utc = timeNsAt(now).orElseThrow();
        NtpPacket p = e.source.lastPacket;
        long uncertainty = uncertaintyNsAt(now).orElse(0);
        long rootDelay = (p == null ? 0 : p.rootDelayNs()) + e.source.minDelayNs();
        long rootDispersion = (p == null ? 0 : p.rootDispersionNs()) + uncertainty;
        return new NtpClientStatus(true, e.source.address.toString(), p == null ? 0 : p.stratum(),
                p == null ? 0 : p.leap(), referenceIdFor(e.source), utc - now.realtimeNs(),
                e.model.points() < 2 ? 0 : e.model.frequencyPpm(), uncertainty, rootDelay, rootDispersion,
                e.source.lastAccepted().sample().t3Ns(), list);
    }

    private static SourceState stateOf(NtpSource s, Estimate e) {
        if (s.denied) {
            return SourceState.DENIED;
        }
        if (e != null && e.source == s) {
            return SourceState.SELECTED;
        }
        if (s.lastPacket == null) {
            return s.reach == 0 && s.acceptedCount + s.rejectedCount > 0 ? SourceState.UNREACHABLE
                    : SourceState.NEW;
        }
        if (!s.serverSynchronised()) {
            return SourceState.UNSYNCHRONISED;
        }
        if (s.reach == 0) {
            return SourceState.UNREACHABLE;
        }
        if (s.model().isEmpty()) {
            return SourceState.NEW;
        }
        return s.falseticker ? SourceState.FALSETICKER : SourceState.CANDIDATE;
    }

    /** The reference ID a server following this source sends: the source's IPv4 address (RFC 5905 §7.3). */
    private static int referenceIdFor(NtpSource s) {
        try {
            byte[] a = InetAddress.getByName(s.address.host()).getAddress();
            if (a.length == 4) {
                return ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
            }
            // IPv6: the first four bytes of its MD5 hash, as RFC 5905 says.
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(a);
            return ((md5[0] & 0xFF) << 24) | ((md5[1] & 0xFF) << 16) | ((md5[2] & 0xFF) << 8) | (md5[3] & 0xFF);
        } catch (Exception ex) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Scheduler.Cancellable c : pending) {
            c.cancel();
        }
        pending.clear();
    }

    private synchronized void schedulePoll(NtpSource s, long delayNs) {
        if (closed || s.denied) {
            return;
        }
        Scheduler.Cancellable[] self = new Scheduler.Cancellable[1];
        self[0] = scheduler.schedule(delayNs, () -> {
            synchronized (this) {
                pending.remove(self[0]);
            }
            new Burst(s).sendNext();
        });
        pending.add(self[0]);
    }

    /** One poll of one server: up to burstCount requests, one after the other. */
    private final class Burst implements NtpTransport.Listener {
        private final NtpSource source;
        private final List<NtpReplyCheck.Result> results = new ArrayList<>();
        private int sent;
        private ClockReading t1;
        private long requestTransmit;
        private boolean stop;

        Burst(NtpSource source) {
            this.source = source;
        }

        void sendNext() {
            if (closed) {
                return;
            }
            sent++;
            t1 = clock.read();
            requestTransmit = NtpTimestamp.fromUnixNs(t1.realtimeNs());
            byte[] request = NtpPacket.clientRequest(requestTransmit).encode();
            transport.send(source.address, request, config.timeoutNs(), this);
        }

        @Override
        public void sending(ClockReading t1) {
            this.t1 = t1;
        }

        @Override
        public void replied(byte[] reply, int length, ClockReading received) {
            NtpReplyCheck.Result r = NtpReplyCheck.check(source.address, t1, requestTransmit, reply, length, received,
                    config.maxClockStepNs());
            results.add(r);
            if (r.kissCode() != null) {
                synchronized (NtpClient.this) {
                    source.kissOfDeath(r.kissCode());
                }
                log.warn("NTP server {} sent kiss-o'-death {}", source.address, r.kissCode());
                stop = true;
            }
            next();
        }

        @Override
        public void timedOut() {
            results.add(new NtpReplyCheck.Result(NtpReplyCheck.reject(source.address, t1, null, "no reply"),
                    null, null, false));
            next();
        }

        @Override
        public void failed(String reason) {
            results.add(new NtpReplyCheck.Result(NtpReplyCheck.reject(source.address, t1, null,
                    "send failed: " + reason), null, null, false));
            stop = true;
            next();
        }

        private void next() {
            if (closed) {
                return;
            }
            if (!stop && sent < config.burstCount()) {
                synchronized (NtpClient.this) {
                    Scheduler.Cancellable[] self = new Scheduler.Cancellable[1];
                    self[0] = scheduler.schedule(config.burstSpacingNs(), () -> {
                        synchronized (NtpClient.this) {
                            pending.remove(self[0]);
                        }
                        sendNext();
                    });
                    pending.add(self[0]);
                }
                return;
            }
            List<NtpSample> samples;
            synchronized (NtpClient.this) {
                samples = source.finishBurst(results);
                reselect();
            }
            for (NtpSample s : samples) {
                sink.accept(s);
            }
            schedulePoll(source, source.pollIntervalNs());
        }
    }

    /** Picks the system source among the servers and publishes its estimate. */
    private void reselect() {
        ClockReading now = clock.read();
        Estimate before = estimate;
        NtpSource chosen = NtpSelection.select(sources, now, before == null ? null : before.source);
        if (chosen == null) {
            estimate = null;
        } else {
            NtpSource.Accepted last = chosen.lastAccepted();
            ClockModel m = chosen.model().orElseThrow();
            estimate = new Estimate(chosen, m, last.sample().offsetNs(),
                    Math.max(last.sample().delayNs() - chosen.minDelayNs(), config.maxPhaseErrorNs()) / 2.0 + 1,
                    last.midMonoRawNs());
        }
        String from = before == null ? null : before.source.address.toString();
        String to = chosen == null ? null : chosen.address.toString();
        if (!Objects.equals(from, to)) {
            log.info("NTP source {} -> {}", from, to);
            for (BiConsumer<String, String> l : selectionListeners) {
                l.accept(from, to);
            }
        }
    }

    /** The servers, for tests and the status command. */
    List<NtpSource> sources() {
        return sources;
    }
}
