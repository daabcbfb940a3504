package io.tidemark.recorder.session;

import io.tidemark.recorder.capture.BufferTiming;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceLostException;
import io.tidemark.recorder.capture.DeviceOpener;
import io.tidemark.recorder.capture.StampSource;
import io.tidemark.recorder.capture.TimedCaptureDevice;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.stamp.ClockStepDetector;
import io.tidemark.recorder.stamp.GapDetector;
import io.tidemark.recorder.stamp.RateFit;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.StoreException;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The capture loop: read a buffer, read the clocks at once, stamp it, write the audio, queue the
 * row. Around it: overruns and lost devices (reopened with backoff), gaps found in the stamps,
 * clock steps, a filling disk, and a clean stop on request. The same code runs in real time and in
 * simulated time; only the clock, the device and the {@link Pause} differ.
 */
public final class RecordingSession {

    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    /** Waits between reopen attempts: real sleep, or advancing a simulated timeline. */
    @FunctionalInterface
    public interface Pause {
        void pauseNs(long ns) throws InterruptedException;

        Pause REAL = ns -> TimeUnit.NANOSECONDS.sleep(ns);
    }

    /** What the user sees while it runs. Called on the capture thread: keep it quick. */
    public interface Listener {
        void progress(Progress p);

        void warning(String line);

        /** CLOCK_REALTIME stepped by {@code stepNs} between two buffers (a clock_step event is stored as well). */
        default void clockStepped(long stepNs) {
        }

        Listener NONE = new Listener() {
            @Override
            public void progress(Progress p) {
            }

            @Override
            public void warning(String line) {
            }
        };
    }

    /** How far it got. */
    public record Progress(long buffers, long frames, long elapsedNs, long lostFrames, double deviceRatePpm) {
    }

    /**
     * @param durationNs         stop after this many frames' worth of audio; Long.MAX_VALUE: until stopped
     * @param bufferFrames       frames per read
     * @param progressIntervalNs progress reports, on the session clock
     * @param diskReserveBytes   stop cleanly when less than this is free
     * @param diskLowBytes       warn when less than this is free
     * @param reopenBackoffMaxNs longest wait between attempts to reopen a lost device
     */
    public record Options(long durationNs, int bufferFrames, long progressIntervalNs, long diskReserveBytes,
                          long diskLowBytes, long reopenBackoffMaxNs) {
    }

    /** Why it stopped: the sessions.stop_reason values. */
    public enum StopReason {
        COMPLETED, INTERRUPTED, END_OF_INPUT, DISK_FULL, ERROR,
        /** Stopped on a person's request (the station's POST /api/recording/stop), not by a signal. */
        USER_STOPPED;

        public String dbName() {
            return name().toLowerCase();
        }
    }

    /** The outcome of {@link #run}. {@code message} explains a stop other than COMPLETED/INTERRUPTED. */
    public record Outcome(StopReason stopReason, String message, long buffers, long frames, long lostFrames,
                          long gaps, long overruns, long deviceLosses, long clockSteps, long elapsedNs,
                          double deviceRatePpm) {
    }

    private final TimestampStore store;
    private final DeviceOpener opener;
    private final CaptureFormat format;
    private final SystemClock clock;
    private final ReferenceTime ntp;
    private final ReferenceTime ptp;
    private final AudioSink audio;
    private final HeaderSync headerSync;
    private final Pause pause;
    private final Options options;
    private final Listener listener;
    private final FileStore disk;
    private LiveSampleUtc liveUtc;
    private BooleanSupplier holdover = () -> false;

    private final ClockStepDetector steps = new ClockStepDetector();
    private final GapDetector gapDetector;
    private final RateFit rateFit;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile StopReason requestedReason = StopReason.INTERRUPTED;

    private long seq;
    private long frames;
    private long gaps;
    private long overruns;
    private long deviceLosses;
    private long clockSteps;
    private long startMonoRawNs;
    private boolean diskLowReported;

    public RecordingSession(SessionFolder folder, TimestampStore store, DeviceOpener opener, CaptureFormat format,
                            SystemClock clock, ReferenceTime ntp, ReferenceTime ptp, AudioSink audio, Pause pause,
                            Options options, Listener listener) throws IOException {
        this.store = store;
        this.opener = opener;
        this.format = format;
        this.clock = clock;
        this.ntp = ntp;
        this.ptp = ptp;
        this.audio = audio;
        this.headerSync = new HeaderSync(audio);
        this.pause = pause;
        this.options = options;
        this.listener = listener;
        this.disk = Files.getFileStore(folder.dir());
        this.gapDetector = new GapDetector(format.sampleRateHz(), options.bufferFrames());
        this.rateFit = new RateFit(format.sampleRateHz());
        gapDetector.onSettled((s, lost) -> rateFit.add(s.monoRawNs(), s.endSampleIndex(), lost,
                s.has(BufferStamp.SUSPECTED_OVERRUN) || s.has(BufferStamp.DEVICE_REOPENED)));
    }

    /** Keeps {@code utc} up to date with every stamp (for the audio files' TimeReference). */
    public RecordingSession feeding(LiveSampleUtc utc) {
        this.liveUtc = utc;
        return this;
    }

    /** Marks buffers HOLDOVER (flags) while {@code holdover} says the sync engine holds a lost PTP frequency. */
    public RecordingSession reportingHoldover(BooleanSupplier holdover) {
        this.holdover = holdover;
        return this;
    }

    /** Asks the loop to stop after the buffer in hand; safe from any thread (a shutdown hook). */
    public void requestStop() {
        stopRequested = true;
    }

    /** As {@link #requestStop()}, recording {@code reason} (e.g. USER_STOPPED) as the stop reason. */
    public void requestStop(StopReason reason) {
        requestedReason = reason;
        stopRequested = true;
    }

    /** Waits until {@link #run} has finished its clean-up (for a shutdown hook). */
    public boolean awaitFinished(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Records from {@code device} (already open) until the duration is reached, a stop is requested,
     * the input ends or the disk fills. Always closes the device and the audio, and leaves every row
     * committed. Does not close the store.
     */
    public Outcome run(CaptureDevice device) {
        try {
            return loop(device);
        } finally {
            finished.countDown();
        }
    }

    private Outcome loop(CaptureDevice first) {
        CaptureDevice device = first;
        ClockReading start = clock.read();
        startMonoRawNs = start.monoRawNs();
        event(start, SessionEvent.Kind.SESSION_STARTED, format + ", " + options.bufferFrames() + " frames per buffer", null);
        event(start, SessionEvent.Kind.DEVICE_OPENED, device.name(), null);
        long durationFrames = options.durationNs() == Long.MAX_VALUE ? Long.MAX_VALUE
                : format.framesIn(options.durationNs());
        long framesPerSync = format.sampleRateHz(); // ~1 s of audio
        long nextSyncFrames = framesPerSync;
        long lastProgressNs = startMonoRawNs;
        byte[] buffer = new byte[options.bufferFrames() * format.bytesPerFrame()];
        int pendingFlags = 0;
        StopReason reason = null;
        String message = null;
        try {
            while (reason == null) {
                if (stopRequested) {
                    reason = requestedReason;
                    break;
                }
                long want = Math.min(options.bufferFrames(), durationFrames - frames);
                // The duration is of audio: frames decide, not the clock. A device that runs slow (or a
                // loaded machine) must not cut the recording short; one that stops delivering is lost
                // and reopened, and the reopen gives up once the duration has passed on the clock.
                if (want <= 0) {
                    reason = StopReason.COMPLETED;
                    break;
                }
                int got;
                try {
                    got = device.read(buffer, (int) want);
                } catch (DeviceLostException e) {
                    device = reopen(device, e, durationFrames);
                    if (device == null) {
                        reason = stopRequested ? requestedReason : StopReason.COMPLETED;
                        break;
                    }
                    pendingFlags |= BufferStamp.DEVICE_REOPENED;
                    continue;
                }
                // The stamp: both clocks, as soon as the read has returned.
                ClockReading r = clock.read();
                long fillFrames = BufferStamp.FILL_UNKNOWN;
                StampSource source = StampSource.READ_RETURN;
                long measuredLost = 0;
                if (device instanceof TimedCaptureDevice timed) {
                    BufferTiming t = timed.lastTiming();
                    fillFrames = t.fillFrames();
                    measuredLost = t.lostFramesMeasured();
                    if (t.source() != StampSource.READ_RETURN) {
                        // Both clocks back to the device's arrival time: the stamp keeps its meaning,
                        // minus latency the device could account for.
                        long shiftNs = t.arrivalMonoRawNs() - r.monoRawNs();
                        r = new ClockReading(r.realtimeNs() + shiftNs, t.arrivalMonoRawNs());
                        source = t.source();
                    }
                }
                int flags = pendingFlags;
                pendingFlags = 0;
                if (device.takeOverrun()) {
                    flags |= BufferStamp.SUSPECTED_OVERRUN;
                    overruns++;
                    event(r, SessionEvent.Kind.OVERRUN, "the device reported lost audio", null);
                }
                long stepNs = steps.stepNs(r);
                if (stepNs != 0) {
                    flags |= BufferStamp.CLOCK_STEPPED;
                    clockSteps++;
                    event(r, SessionEvent.Kind.CLOCK_STEP, "CLOCK_REALTIME stepped by " + stepNs + " ns", null);
                    listener.warning("the system clock stepped by " + stepNs / 1_000_000 + " ms");
                    listener.clockStepped(stepNs);
                }
                OptionalLong ntpNs = ntp.timeNsAt(r);
                OptionalLong ptpNs = ptp.timeNsAt(r);
                BufferStamp.SyncState sync = ptpNs.isPresent() ? BufferStamp.SyncState.PTP_LOCKED
                        : holdover.getAsBoolean() ? BufferStamp.SyncState.HOLDOVER
                        : ntpNs.isPresent() ? BufferStamp.SyncState.NTP : BufferStamp.SyncState.NONE;
                BufferStamp stamp = new BufferStamp(seq, frames, got, r.realtimeNs(), r.monoRawNs(),
                        ntpNs.isPresent() ? ntpNs.getAsLong() : null, ptpNs.isPresent() ? ptpNs.getAsLong() : null,
                        BufferStamp.withSyncState(flags, sync), fillFrames, source);
                if (liveUtc != null) {
                    liveUtc.update(stamp);
                }
                if (got > 0) {
                    audio.write(buffer, got);
                }
                store.addBuffer(stamp);
                seq++;
                for (GapDetector.Gap g : gapDetector.add(stamp, measuredLost)) {
                    gap(g, measuredLost);
                }
                frames += got;
                if (got < want) {
                    reason = StopReason.END_OF_INPUT;
                    message = "the input ended after " + frames + " frames";
                    break;
                }
                if (frames >= nextSyncFrames) {
                    nextSyncFrames += framesPerSync;
                    headerSync.request();
                    message = checkDisk(r);
                    if (message != null) {
                        reason = StopReason.DISK_FULL;
                        break;
                    }
                }
                if (r.monoRawNs() - lastProgressNs >= options.progressIntervalNs()) {
                    lastProgressNs = r.monoRawNs();
                    listener.progress(progress(r));
                }
            }
        } catch (IOException e) {
            boolean full = isDiskFull(e);
            reason = full ? StopReason.DISK_FULL : StopReason.ERROR;
            // The writer's own words name the folders it tried (overflow folders); keep them.
            message = full ? diskFullMessage() + " (" + e.getMessage() + ")" : "writing audio failed: " + e.getMessage();
            log.warn("audio write failed", e);
        } catch (StoreException e) {
            boolean full = isDiskFull(e);
            reason = full ? StopReason.DISK_FULL : StopReason.ERROR;
            message = full ? diskFullMessage() : e.getMessage();
            log.warn("timestamp store failed", e);
        } catch (RuntimeException e) {
            reason = StopReason.ERROR;
            message = e.toString();
            log.error("recording failed", e);
        }
        return finish(device, reason, message);
    }

    private Outcome finish(CaptureDevice device, StopReason reason, String message) {
        ClockReading end = clock.read();
        try {
            for (GapDetector.Gap g : gapDetector.finish()) {
                gap(g, 0);
            }
        } catch (RuntimeException e) {
            log.warn("could not log the last gaps", e);
        }
        if (device != null) {
            try {
                device.close();
            } catch (RuntimeException e) {
                log.warn("closing the device", e);
            }
            safeEvent(end, SessionEvent.Kind.DEVICE_CLOSED, device.name());
        }
        try {
            try {
                headerSync.finish(60_000);
            } finally {
                headerSync.close();
                audio.close();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("closing the audio files", e);
            if (reason != StopReason.DISK_FULL && isDiskFull(e)) {
                reason = StopReason.DISK_FULL;
                message = diskFullMessage();
            } else if (reason != StopReason.DISK_FULL) {
                reason = StopReason.ERROR;
                message = message != null ? message : "closing the audio files failed: " + e.getMessage();
            }
        }
        if (reason == StopReason.DISK_FULL) {
            safeEvent(end, SessionEvent.Kind.DISK_FULL, message);
        }
        safeEvent(end, SessionEvent.Kind.SESSION_STOPPED, reason.dbName() + (message != null ? ": " + message : ""));
        try {
            store.sessionStopped(end.realtimeNs(), end.monoRawNs(), reason.dbName());
            store.flush();
        } catch (StoreException e) {
            log.warn("finalising the database", e);
            if (reason != StopReason.DISK_FULL) {
                reason = StopReason.ERROR;
                message = message != null ? message : e.getMessage();
            }
        }
        return new Outcome(reason, message, seq, frames, gapDetector.lostFrames(), gaps, overruns, deviceLosses,
                clockSteps, end.monoRawNs() - startMonoRawNs, rateFit.ratePpm());
    }

    private Progress progress(ClockReading r) {
        return new Progress(seq, frames, r.monoRawNs() - startMonoRawNs, gapDetector.lostFrames(), rateFit.ratePpm());
    }

    /** Closes the lost device and reopens it, backing off; null if the session ended meanwhile. */
    private CaptureDevice reopen(CaptureDevice lost, DeviceLostException why, long durationFrames) {
        deviceLosses++;
        ClockReading r = clock.read();
        event(r, SessionEvent.Kind.DEVICE_LOST, lost.name() + ": " + why.getMessage(), null);
        listener.warning("device " + lost.name() + " lost (" + why.getMessage() + "); reopening");
        try {
            lost.close();
        } catch (RuntimeException e) {
            log.debug("closing a lost device", e);
        }
        long backoffNs = 250_000_000L;
        while (!stopRequested) {
            if (clock.monoRawNs() - startMonoRawNs >= options.durationNs()) {
                return null;
            }
            try {
                pause.pauseNs(backoffNs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
                return null;
            }
            try {
                CaptureDevice d = opener.open();
                event(clock.read(), SessionEvent.Kind.DEVICE_REOPENED, d.name(), null);
                return d;
            } catch (DeviceLostException e) {
                log.debug("reopen failed: {}", e.getMessage());
                backoffNs = Math.min(backoffNs * 2, options.reopenBackoffMaxNs());
            }
        }
        return null;
    }

    /** Logs a gap; {@code measuredLostFrames} is the device's own measure of a loss at that buffer, if any. */
    private void gap(GapDetector.Gap g, long measuredLostFrames) {
        gaps++;
        BufferStamp s = g.firstBufferAfter();
        String detail = measuredLostFrames > 0 && g.lostFrames() == measuredLostFrames
                ? String.format("%d frames (%.1f ms) lost in an overrun before this buffer's end, measured from the"
                + " driver's timestamps", g.lostFrames(), g.lostNs() / 1e6)
                : String.format("about %.1f ms of audio lost before this buffer", g.lostNs() / 1e6);
        store.addEvent(new SessionEvent(s.sysRealtimeNs(), s.monoRawNs(), s.sampleIndex(), SessionEvent.Kind.GAP,
                detail, g.lostFrames()));
    }

    /** Null when there is room; else why we must stop. Warns once when space runs low. */
    private String checkDisk(ClockReading r) throws IOException {
        long free = disk.getUsableSpace();
        if (free < options.diskReserveBytes()) {
            return diskFullMessage();
        }
        if (free < options.diskLowBytes() && !diskLowReported) {
            diskLowReported = true;
            String line = String.format("disk space is low: %d MB free on %s", free >> 20, disk.name());
            event(r, SessionEvent.Kind.DISK_LOW, line, null);
            listener.warning(line + "; free space or plan to move the recording");
        } else if (free >= options.diskLowBytes()) {
            diskLowReported = false;
        }
        return null;
    }

    private String diskFullMessage() {
        long free;
        try {
            free = disk.getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        return "the disk is full (" + (free < 0 ? "?" : String.valueOf(free >> 20)) + " MB free on " + disk.name()
                + "), recording stopped after " + frames + " frames";
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left") || m.contains("SQLITE_FULL") || m.contains("disk is full"))) {
                return true;
            }
        }
        return false;
    }

    private void event(ClockReading r, SessionEvent.Kind kind, String detail, Long eventFrames) {
        store.addEvent(new SessionEvent(r.realtimeNs(), r.monoRawNs(), frames, kind, detail, eventFrames));
    }

    private void safeEvent(ClockReading r, SessionEvent.Kind kind, String detail) {
        try {
            event(r, kind, detail, null);
        } catch (StoreException e) {
            log.warn("could not log {}: {}", kind.text, e.getMessage());
        }
    }
}
