package io.tidemark.sync.engine;

import io.tidemark.sync.clock.ClockControl;
import io.tidemark.sync.clock.ClockEvent;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ptp.ClockIdentity;
import io.tidemark.sync.ptp.PtpMeasurement;
import io.tidemark.sync.ptp.PtpPortListener;
import io.tidemark.sync.ptp.TimestampSource;
import io.tidemark.sync.servo.PhaseServo;
import io.tidemark.sync.servo.RateServo;
import io.tidemark.sync.servo.Servo;
import io.tidemark.sync.servo.ServoState;
import io.tidemark.sync.time.Scheduler;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Disciplines CLOCK_REALTIME: frequency from PTP (a rate servo on the raw oscillator against the
 * grandmaster), phase from NTP (a filtered PI loop). frequency = PTP feed-forward + NTP integral +
 * NTP slew. Dante's PTP time is the grandmaster's uptime, so PTP never sets phase.
 *
 * <ul>
 *   <li>A new grandmaster is a soft reset: the learned frequency stays in force while the new one is confirmed.</li>
 *   <li>No Sync for {@link SyncConfig#ptpTimeoutNs()}: HOLDOVER on the last frequency, NTP phase continues.</li>
 *   <li>Steps only while {@code recordingActive} is false; during a recording phase is slewed, bounded by
 *       {@link PhaseServo.Config#maxSlewPpm()}.</li>
 *   <li>Every state change and adjustment goes to the {@link ClockEventSink}.</li>
 * </ul>
 * Feed it from a {@link io.tidemark.sync.ptp.PtpPort} ({@link #ptpListener()}) and an NTP client
 * ({@link #ntpSink(NtpSampleSink)}); call {@link #start()} to run its timeout check. Thread-safe.
 */
public final class SyncEngine implements AutoCloseable {

    private final SyncConfig config;
    private final SystemClock clock;
    private final ClockControl control;
    private final Scheduler scheduler;
    private final ClockEventSink events;
    private final BooleanSupplier recordingActive;

    private final Servo rate;
    private final PhaseServo phase;

    private ServoState state;
    private ClockIdentity grandmaster;
    private int ptpVersion;
    private TimestampSource timestampSource;
    private TimestampSource delayReqTimestampSource;
    private long lastPtpRawNs = Long.MIN_VALUE;
    private long lastPtpRealtimeNs;
    private Long lastPtpOffsetNs;
    private long pathDelayNs = -1;
    private boolean ptpLost;
    // the last Sync's master time (path delay added) at its arrival on the raw clock, for ptpTime()
    private long lastPtpMasterNs;
    private long startRawNs;
    private ReferenceTime ntpModel;

    private double feedForwardPpm;
    private boolean haveFeedForward;
    private long lastFeedForwardApplyRawNs = Long.MIN_VALUE;
    private double appliedPpm;
    private long steps;

    // ∫ slew dt, to correct old NTP samples for the phase slewed since
    private double slewedNs;
    private long slewSinceRawNs = Long.MIN_VALUE;
    private long lastNtpRawNs = Long.MIN_VALUE;
    private long lastNtpRealtimeNs;
    private Long ntpOffsetNs;

    private Scheduler.Cancellable tick;
    private boolean closed;

    public SyncEngine(SyncConfig config, SystemClock clock, ClockControl control, Scheduler scheduler,
                      ClockEventSink events, BooleanSupplier recordingActive) {
        this.config = config;
        this.clock = clock;
        this.control = control;
        this.scheduler = scheduler;
        this.events = events;
        this.recordingActive = recordingActive;
        this.rate = new RateServo(config.rate());
        this.phase = new PhaseServo(config.phase());
        this.state = config.usePtp() ? ServoState.FREE : ServoState.NTP_ONLY;
        if (control != null && config.discipline()) {
            appliedPpm = control.frequencyPpm();
            // start from the frequency in force (a drift file or the last run), as chrony does
            phase.setIntegralPpm(appliedPpm);
        }
    }

    /** Starts the once-a-second check for PTP loss. */
    public synchronized void start() {
        startRawNs = clock.read().monoRawNs();
        emit(ClockEvent.Kind.STATE, 0, "engine started: " + (config.discipline() && control != null ? "disciplining " + control.name()
                : "monitor only") + (config.usePtp() ? ", frequency from PTP" : ", NTP only"));
        scheduleTick();
    }

    private void scheduleTick() {
        tick = scheduler.schedule(1_000_000_000L, () -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                checkPtpTimeout(clock.read());
                scheduleTick();
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (tick != null) {
            tick.cancel();
        }
    }

    /** The listener a PtpPort reports to. */
    public PtpPortListener ptpListener() {
        return this::onPtpMeasurement;
    }

    /** A sink for the NTP client: feeds accepted samples to the phase loop, then passes all on to {@code downstream}. */
    public NtpSampleSink ntpSink(NtpSampleSink downstream) {
        return sample -> {
            onNtpSample(sample);
            downstream.accept(sample);
        };
    }

    public synchronized void onPtpMeasurement(PtpMeasurement m) {
        if (!config.usePtp()) {
            return;
        }
        ClockReading rx = m.rxTime();
        if (grandmaster == null || !grandmaster.equals(m.grandmaster())) {
            boolean first = grandmaster == null;
            rate.reset(true);
            grandmaster = m.grandmaster();
            emit(ClockEvent.Kind.SOURCE, 0, (first ? "grandmaster " : "grandmaster changed to ") + grandmaster
                    + " (PTPv" + m.version().number() + ")" + (first ? "" : ": soft reset, frequency kept"));
            setState(rate.state(), "soft reset");
        } else if (ptpLost) {
            rate.reset(true);
        }
        if (ptpLost) {
            ptpLost = false;
            emit(ClockEvent.Kind.SOURCE, 0, "PTP back after holdover");
            setState(rate.state(), "PTP back: confirming the held frequency");
        }
        ptpVersion = m.version().number();
        timestampSource = m.timestampSource();
        delayReqTimestampSource = m.delayReqTimestampSource();
        lastPtpRawNs = rx.monoRawNs();
        lastPtpRealtimeNs = rx.realtimeNs();
        lastPtpOffsetNs = m.offsetNs();
        pathDelayNs = m.pathDelayNs();
        lastPtpMasterNs = m.masterUtcNs() + Math.max(0, m.pathDelayNs());
        int bucketsBefore = rate.buckets();
        ServoState before = rate.state();
        rate.sample(m.masterNs(), rx.monoRawNs());
        if (rate.buckets() == bucketsBefore && rate.state() == before) {
            return; // nothing new until a bucket closes
        }
        setState(rate.state(), "PTP rate " + String.format("%.4f", rate.estimatePpm()) + " ppm ± "
                + String.format("%.4f", rate.standardErrorPpm()));
        if (rate.hasEstimate()) {
            double ff = 1e6 * (1.0 / (1.0 + rate.estimatePpm() * 1e-6) - 1.0);
            boolean due = !state.locked() || lastFeedForwardApplyRawNs == Long.MIN_VALUE
                    || rx.monoRawNs() - lastFeedForwardApplyRawNs >= config.frequencyUpdateNs()
                    || Math.abs(ff - feedForwardPpm) > 0.2;
            if (due) {
                if (!haveFeedForward) {
                    // the integral held the whole frequency so far; PTP takes that over
                    phase.setIntegralPpm(0);
                }
                if (!haveFeedForward || Math.abs(ff - feedForwardPpm) > 0.5) {
                    // NTP samples taken at the old frequency no longer describe the clock's phase
                    phase.clearSamples();
                }
                feedForwardPpm = ff;
                haveFeedForward = true;
                lastFeedForwardApplyRawNs = rx.monoRawNs();
                apply(rx, "PTP frequency");
            }
        }
    }

    public synchronized void onNtpSample(NtpSample s) {
        if (!s.accepted()) {
            return;
        }
        ClockReading now = clock.read();
        accumulateSlew(now.monoRawNs());
        double estimate = phase.add(s.offsetNs(), s.delayNs(), slewedNs);
        ntpOffsetNs = Math.round(estimate);
        double intervalS = lastNtpRawNs == Long.MIN_VALUE ? 0 : (now.monoRawNs() - lastNtpRawNs) * 1e-9;
        lastNtpRawNs = now.monoRawNs();
        lastNtpRealtimeNs = now.realtimeNs();
        if (!config.usePtp() && state == ServoState.NTP_ONLY && phase.samples() == 1) {
            emit(ClockEvent.Kind.STATE, 0, "NTP only");
        }
        if (!config.discipline() || control == null) {
            return;
        }
        if (Math.abs(estimate) > config.stepThresholdNs()) {
            if (phase.samples() < config.minSamplesBeforeStep() && !recordingActive.getAsBoolean()) {
                return; // a step may follow: do not wind the loop up on an offset about to vanish
            }
            if (!recordingActive.getAsBoolean()) {
                long stepNs = Math.round(estimate);
                control.stepNs(stepNs);
                steps++;
                phase.clearSamples();
                if (haveFeedForward) {
                    phase.setIntegralPpm(0);
                }
                ntpOffsetNs = null;
                slewedNs = 0;
                emit(ClockEvent.Kind.STEP, stepNs, "stepped by " + stepNs + " ns (no recording running)");
                return;
            }
        }
        boolean lockedPtp = config.usePtp() && haveFeedForward; // also in holdover: the frequency is still good
        phase.update(intervalS, lockedPtp ? config.lockedTauS() : config.unlockedTauS());
        apply(now, "NTP phase " + Math.round(estimate) + " ns");
        emit(ClockEvent.Kind.SLEW, Math.round(estimate), "slewing " + String.format("%.4f", phase.slewPpm()) + " ppm");
    }

    private void accumulateSlew(long rawNs) {
        if (slewSinceRawNs != Long.MIN_VALUE) {
            slewedNs += phase.slewPpm() * 1e-6 * (rawNs - slewSinceRawNs);
        }
        slewSinceRawNs = rawNs;
    }

    private void apply(ClockReading now, String why) {
        if (!config.discipline() || control == null) {
            appliedPpm = feedForwardPpm + phase.integralPpm() + phase.slewPpm();
            return;
        }
        accumulateSlew(now.monoRawNs());
        double target = (haveFeedForward ? feedForwardPpm : 0) + phase.integralPpm() + phase.slewPpm();
        if (Math.abs(target - appliedPpm) < 1e-5) {
            return;
        }
        appliedPpm = control.setFrequencyPpm(target);
        emit(ClockEvent.Kind.FREQUENCY, 0, why);
    }

    private void checkPtpTimeout(ClockReading now) {
        if (config.usePtp() && lastPtpRawNs == Long.MIN_VALUE && state == ServoState.FREE
                && now.monoRawNs() - startRawNs > config.ptpTimeoutNs()) {
            setState(ServoState.NTP_ONLY, "no PTP grandmaster heard in " + (now.monoRawNs() - startRawNs) / 1_000_000
                    + " ms: frequency and phase from NTP alone until one appears");
        }
        if (!config.usePtp() || lastPtpRawNs == Long.MIN_VALUE || ptpLost) {
            return;
        }
        if (now.monoRawNs() - lastPtpRawNs > config.ptpTimeoutNs()) {
            ptpLost = true;
            setState(ServoState.HOLDOVER, "no Sync from " + grandmaster + " for "
                    + (now.monoRawNs() - lastPtpRawNs) / 1_000_000 + " ms: holding frequency, NTP phase only");
        }
    }

    private void setState(ServoState s, String detail) {
        if (s != state) {
            state = s;
            emit(ClockEvent.Kind.STATE, 0, detail);
        }
    }

    private void emit(ClockEvent.Kind kind, long phaseNs, String detail) {
        ClockReading r = clock.read();
        events.accept(new ClockEvent(r.realtimeNs(), r.monoRawNs(), kind, appliedPpm, phaseNs, state, detail));
    }

    public synchronized ServoState state() {
        return state;
    }

    public synchronized SyncStatus status() {
        boolean est = rate.hasEstimate();
        return new SyncStatus(state, config.discipline() && control != null, recordingActive.getAsBoolean(),
                ptpVersion, grandmaster != null ? grandmaster.toString() : null, timestampSource, delayReqTimestampSource,
                rate.estimatePpm(), est && Double.isFinite(rate.standardErrorPpm()) ? rate.standardErrorPpm() : null,
                lastPtpOffsetNs, pathDelayNs, ntpOffsetNs, appliedPpm, phase.slewPpm(), steps, rate.spikes(),
                lastPtpRealtimeNs, lastNtpRealtimeNs);
    }

    /**
     * Takes UTC from this model (the NTP client's fit of UTC against CLOCK_MONOTONIC_RAW) instead of the
     * engine's own filtered offset. The fit carries frequency, so it stays right between polls even when
     * the engine only monitors, and nothing the engine does to CLOCK_REALTIME can disturb it.
     */
    public synchronized void useNtpModel(ReferenceTime model) {
        this.ntpModel = model;
    }

    /**
     * UTC as the engine estimates it, for the recorder's per-buffer reference time and the NTP it serves:
     * the NTP model given to {@link #useNtpModel}, else CLOCK_REALTIME plus the filtered NTP offset.
     * Empty until NTP has answered.
     */
    public ReferenceTime referenceTime() {
        return reading -> {
            ReferenceTime model;
            synchronized (this) {
                model = ntpModel;
                if (model == null) {
                    return ntpOffsetNs == null ? OptionalLong.empty()
                            : OptionalLong.of(reading.realtimeNs() + ntpOffsetNs);
                }
            }
            return model.timeNsAt(reading);
        };
    }

    /**
     * The grandmaster's time (its own timescale: UTC for a PTP-timescale master, uptime for Dante) at a
     * reading, from the last Sync carried forward on the raw clock at the servo's rate. Empty unless the
     * rate servo is locked (LOCK or NANO).
     */
    public ReferenceTime ptpTime() {
        return reading -> {
            synchronized (this) {
                if (!state.locked() || lastPtpRawNs == Long.MIN_VALUE) {
                    return OptionalLong.empty();
                }
                double elapsedRawNs = reading.monoRawNs() - lastPtpRawNs;
                return OptionalLong.of(lastPtpMasterNs + Math.round(elapsedRawNs / (1.0 + rate.estimatePpm() * 1e-6)));
            }
        };
    }
}
