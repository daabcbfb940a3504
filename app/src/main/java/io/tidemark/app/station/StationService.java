package io.tidemark.app.station;

import io.tidemark.app.cli.UserError;
import io.tidemark.app.record.RecordOptions;
import io.tidemark.app.record.Recording;
import io.tidemark.app.station.alert.Alert;
import io.tidemark.app.station.alert.AlertPolicy;
import io.tidemark.app.station.alert.WebhookSender;
import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.ControlApi;
import io.tidemark.app.station.api.StationEvent;
import io.tidemark.app.station.api.StationStatus;
import io.tidemark.app.station.api.StationView;
import io.tidemark.app.sync.NtpServing;
import io.tidemark.app.sync.SyncEngineHost;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.session.SessionFolder;
import io.tidemark.recorder.session.SessionRepair;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockEvent;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.NtpReplyCheck;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ntp.NtpServerAddress;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The station: one service recording into the deployment, session after session. One sync engine for its
 * whole life (each session's store receives the engine's events while it is current); a device that is absent
 * is retried with backoff (capped at 30 s) and reported as an event, a status line and a metric; a person's
 * stop and start through the control API; levels and silence from a per-buffer tap ({@link LevelTap}).
 *
 * <p>With {@code "device": "sim", "simulatedTime": true} each session runs in its own simulated world (clock, NTP
 * server, engine): the recording runs that engine and tells the station ({@link Recording.Observer}), and the health
 * (alert repeats, disk, time source) ticks once per simulated second from the stored buffers instead of a wall-clock
 * thread, so the same code judges a simulated week in seconds.
 */
public final class StationService implements StationView, AutoCloseable {

    private static final long BACKOFF_MAX_NS = 30_000_000_000L;
    private static final long TICK_NS = 1_000_000_000L;
    /**
     * NTP is "lost" when no valid answer (one that passed the packet tests) came for this many polls, each a burst
     * of 8. Answers the delay filter turns down still show the server there: a congested stretch of network is not
     * a lost source (over a simulated week at 100 µs of jitter, such stretches of 10 polls raised 28 false alerts).
     */
    static final int NTP_LOST_POLLS = 10;
    private static final int EVENTS_KEPT = 1000;

    private final StationConfig config;
    private final Consumer<String> notices;
    private final SystemdNotifier systemd;
    /** Real time, or in simulated time the session's world clock (health and alerts run on it). */
    private volatile SystemClock clock = SystemClock.platform();
    private final boolean simulatedTime;
    private final io.tidemark.recorder.audio.FreeSpace freeSpace;
    private final AlertPolicy alerts;
    private final WebhookSender webhook;
    private final ArrayDeque<StationEvent> events = new ArrayDeque<>();
    private final Object lock = new Object();
    private final SwitchingSinks sinks = new SwitchingSinks();
    private final LevelTap levels;

    private SyncEngineHost sync;
    /** The engine status reads: the station's own, or in simulated time the session's. */
    private volatile SyncEngineHost statusSync;
    private volatile NtpSample lastNtpAccepted;
    private volatile long lastNtpAcceptedNs = Long.MIN_VALUE;
    private volatile NtpSample lastNtpAnswer;
    /** Files the current session opened, in any folder (counted as they open: no directory listing per request). */
    private final java.util.concurrent.atomic.AtomicInteger sessionFiles = new java.util.concurrent.atomic.AtomicInteger();
    /** The disk figures as of the last tick (once a second), or -1 before it: /api/status at 10 Hz reads these. */
    private volatile long diskFreeBytesNow = -1;
    private volatile long diskSecondsLeftNow = -1;
    private volatile long lastNtpAnswerNs = Long.MIN_VALUE;
    private volatile long ntpWatchSinceNs = Long.MIN_VALUE;
    private volatile long lastTickNs = Long.MIN_VALUE;
    private volatile boolean deviceLost;
    private volatile boolean recordingBeganBeforeSync;
    /** The thread that records (and in simulated time moves the world on): only it may read a simulated clock. */
    private volatile Thread recordingThread;
    private volatile ClockReading lastReading;
    /** The engine's state as the API shows it, taken on the thread that may read the engine's clock. */
    private volatile SyncSnapshot syncSnapshot = SyncSnapshot.NONE;

    /** The sync fields of /api/status at one tick. */
    private record SyncSnapshot(String state, String ntpSource, Long ntpOffsetNs, Long ntpDelayNs, Integer ntpStratum,
                                Long ntpLastSampleAgeNs, String ptpGrandmaster, Double ptpRatePpm) {
        static final SyncSnapshot NONE = new SyncSnapshot("NONE", null, null, null, null, null, null, null);
    }
    private ControlApi api;
    private io.tidemark.app.station.api.SpanExporter exporter;
    private Thread housekeeping;
    private long nextEventId = 1;
    private volatile boolean shutdown;
    private volatile boolean wantRecording = true;
    private volatile boolean userStop;
    private volatile boolean deviceAbsent;
    private volatile Recording recording;
    private volatile String sessionId;
    private volatile Path sessionDir;
    private volatile long sessionStartNs;
    private volatile boolean readySent;
    private boolean repairStarted;
    private final Thread runner;

    public StationService(StationConfig config, Consumer<String> notices, SystemdNotifier systemd) {
        this(config, notices, systemd, io.tidemark.recorder.audio.FreeSpace.FILE_STORE);
    }

    /** As above, measuring the folders' free space with {@code freeSpace} (a test fills a disk without one). */
    public StationService(StationConfig config, Consumer<String> notices, SystemdNotifier systemd,
                          io.tidemark.recorder.audio.FreeSpace freeSpace) {
        this.config = config;
        this.freeSpace = freeSpace;
        this.simulatedTime = config.simKeys().path("simulatedTime").asBoolean(false);
        this.notices = notices;
        this.systemd = systemd;
        this.alerts = new AlertPolicy(hostName(), config.alertRepeatNs());
        this.webhook = config.alertWebhook() == null ? null : new WebhookSender(URI.create(config.alertWebhook()));
        this.levels = new LevelTap(config, this::onLevelChange, this::onBufferStored);
        this.runner = Thread.currentThread();
    }

    /**
     * Checks the deployment folder and opens the API and the sync engine: each failure is one line, before
     * anything is recorded. Then {@link #run} records.
     */
    public void open() {
        SessionFolder.checkWritable(config.deployment());
        List<NtpServerAddress> servers = new ArrayList<>();
        for (String s : config.ntp()) {
            try {
                servers.add(NtpServerAddress.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UserError("config key \"ntp\": bad server " + s + ": " + e.getMessage(), "give HOST or HOST:PORT");
            }
        }
        SyncEngineHost.Options o = new SyncEngineHost.Options(SyncEngineHost.parsePtp(config.ptp()), null, servers,
                config.discipline(), NtpServing.forSyncEngine(config.serveNtp(), config.ntpAllow()));
        api = ControlApi.start(config.api(), this,
                exporter == null ? null : new io.tidemark.app.station.api.ExportJobs(config.deployment(), exporter,
                        this::diskSecondsLeft, config.diskMinFreeNs() / 1_000_000_000L));
        if (simulatedTime) {
            // Each session's simulated world has its own engine on its own clock: the recording runs it and
            // tells us (Observer.engineReady); health ticks follow that clock from the stored buffers.
            notices.accept("station: control API on " + api.address() + "; simulated time");
            return;
        }
        sync = SyncEngineHost.open(o, clock);
        sync.start(sinks, sinks, () -> true);
        statusSync = sync;
        StartupTimeline.mark("API and sync engine up");
        if (sync.ntpClient() != null) {
            sync.ntpClient().onSelectionChange(this::ntpSelectionChanged);
            sync.ntpClient().start();
        }
        housekeeping = new Thread(this::housekeep, "station-housekeeping");
        housekeeping.setDaemon(true);
        housekeeping.start();
        notices.accept("station: control API on " + api.address() + "; sync engine: " + sync.describe());
    }

    /**
     * What {@code POST /api/jobs/export} runs: the CLI's export, given by the command that starts the station (its
     * package depends on this one). Call before {@link #open}; without it the station serves no jobs.
     */
    public void exportWith(io.tidemark.app.station.api.SpanExporter exporter) {
        this.exporter = exporter;
    }

    /** The API's address (port 0 in the config: the one chosen). */
    public java.net.InetSocketAddress apiAddress() {
        return api.address();
    }

    /** Records sessions until {@link #shutdown}; each ends by a stop, a signal or a fault, and the next follows. */
    public void run() throws InterruptedException {
        recordingThread = Thread.currentThread();
        long backoffNs = 1_000_000_000L;
        while (!shutdown) {
            if (!wantRecording) {
                synchronized (lock) {
                    while (!wantRecording && !shutdown) {
                        lock.wait(1000);
                    }
                }
                continue;
            }
            Recording r;
            try {
                RecordOptions options = config.toRecordOptions(config.deployment());
                r = Recording.start(options, notices, new Recording.Shared(sync, this::storeReady, levels::wrap,
                        new Watch(sessionFiles)));
            } catch (io.tidemark.common.TidemarkException e) {
                // The deployment and the API were checked in open(): what fails here is the device (absent, not
                // yet enumerated, busy); anything else is a config error the user must fix.
                if (!(e instanceof io.tidemark.recorder.capture.CaptureException)
                        && !e.getMessage().toLowerCase().contains("device")) {
                    throw e;
                }
                repairOnce();
                if (!deviceAbsent) {
                    deviceAbsent = true;
                    report("device absent", true, e.getMessage());
                }
                String line = "device absent: " + config.device() + " (" + e.getMessage() + "); retrying in "
                        + backoffNs / 1_000_000_000L + " s";
                notices.accept("warning: " + line);
                systemd.status(line);
                TimeUnit.NANOSECONDS.sleep(backoffNs);
                backoffNs = Math.min(BACKOFF_MAX_NS, backoffNs * 2);
                continue;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            backoffNs = 1_000_000_000L;
            if (deviceAbsent) {
                deviceAbsent = false;
                report("device absent", false, config.device() + " is back");
            }
            userStop = false;
            // Everything status() reads about the session is set before it sees the session recording.
            sessionStartNs = read().monoRawNs();
            SyncEngineHost engine = statusSync;
            recordingBeganBeforeSync = engine == null || engine.ntpClient() == null
                    || !engine.ntpClient().status().synchronised();
            sessionDir = r.dir();
            sessionId = r.dir().getFileName().toString();
            recording = r;
            if (shutdown) {
                r.stop();
            }
            StartupTimeline.mark("session " + sessionId + " open");
            repairOnce();
            Recording.Result result;
            try {
                result = r.run();
            } finally {
                recording = null;
                sinks.to(null);
                r.close();
            }
            RecordingSession.StopReason why = result.outcome().stopReason();
            notices.accept("station: session " + sessionId + " ended: " + why.dbName()
                    + (result.outcome().message() == null ? "" : " (" + result.outcome().message() + ")"));
            systemd.status("session " + sessionId + " ended: " + why.dbName());
            if (why == RecordingSession.StopReason.INTERRUPTED) {
                shutdown = true; // only a signal's hook asks without saying why
            } else if (why == RecordingSession.StopReason.USER_STOPPED) {
                wantRecording = false;
            } else if (why != RecordingSession.StopReason.COMPLETED && !shutdown) {
                TimeUnit.NANOSECONDS.sleep(backoffNs);
            }
        }
    }

    /**
     * Repairs what a crash left in the deployment, once, beside the first session (which it cannot touch: that
     * folder is locked): after the device is open, so that a restart records without waiting for it.
     */
    private void repairOnce() {
        if (repairStarted) {
            return;
        }
        repairStarted = true;
        Thread t = new Thread(() -> {
            for (SessionRepair.Repaired repaired : SessionRepair.repairAll(config.deployment())) {
                notices.accept("repaired " + repaired.sessionId() + "/" + repaired.path()
                        + " left by an interrupted recording (" + repaired.framesAfter() + " frames kept)");
            }
        }, "station-repair");
        t.setDaemon(true);
        t.start();
    }

    /** SIGTERM: ends the session cleanly and lets {@link #run} return. */
    public void shutdown() {
        shutdown = true;
        Recording r = recording;
        if (r != null) {
            r.stop();
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void storeReady(TimestampStore store) {
        sinks.to(store);
        levels.newSession();
        if (simulatedTime) {
            // a new world: its own clock and NTP server (in real time the one engine's knowledge carries over)
            lastNtpAccepted = null;
            lastNtpAcceptedNs = Long.MIN_VALUE;
            lastNtpAnswer = null;
            lastNtpAnswerNs = Long.MIN_VALUE;
            lastTickNs = Long.MIN_VALUE;
        }
        deviceLost = false;
        ntpWatchSinceNs = read().realtimeNs();
    }

    private void onBufferStored(long frames) {
        if (!readySent) {
            readySent = true;
            StartupTimeline.mark("first buffer stored");
            notices.accept("station: " + StartupTimeline.summary());
            systemd.ready("recording " + sessionId + " into " + config.deployment());
        }
        systemd.watchdog();
        if (simulatedTime) {
            // No wall-clock thread in simulated time: the health ticks once per simulated second of the clock.
            long now = read().realtimeNs();
            if (lastTickNs == Long.MIN_VALUE || now - lastTickNs >= TICK_NS) {
                lastTickNs = now;
                tick(now);
            }
        }
    }

    private void onLevelChange(String condition, boolean on, String detail, SessionEvent.Kind kind, long sampleIndex,
                               long framesAgo) {
        // The change happened framesAgo frames before the buffer just stored: its time, from the sample count.
        ClockReading r = read();
        long agoNs = framesAgo * 1_000_000_000L / config.rateHz();
        event(kind, detail, r.realtimeNs() - agoNs, r.monoRawNs() - agoNs, sampleIndex);
        report(condition, on, detail);
    }

    private void report(String condition, boolean on, String detail) {
        long now = read().realtimeNs();
        if (condition.equals("device absent")) {
            event(on ? SessionEvent.Kind.DEVICE_ABSENT : SessionEvent.Kind.DEVICE_REOPENED, detail);
        }
        send(alerts.report(condition, on, detail, now));
    }

    /** A one-off alert: a clock step, a change of time source, a folder change. */
    private void oneOff(String condition, String detail) {
        send(List.of(alerts.event(condition, detail, read().realtimeNs())));
    }

    private void send(List<Alert> list) {
        for (Alert a : list) {
            if (webhook != null) {
                webhook.send(a);
            }
        }
    }

    /**
     * Now, on the station's clock. A simulated world's clock moves with the recording thread and must be read
     * only there; other threads (the API, a stop) get the recording thread's latest reading.
     */
    private ClockReading read() {
        if (simulatedTime && Thread.currentThread() != recordingThread) {
            ClockReading r = lastReading;
            return r != null ? r : clock.read();
        }
        ClockReading r = clock.read();
        lastReading = r;
        return r;
    }

    /** A station event: kept for the API and stored in the current session's events table. */
    private void event(SessionEvent.Kind kind, String detail) {
        ClockReading r = read();
        event(kind, detail, r.realtimeNs(), r.monoRawNs(), null);
    }

    private void event(SessionEvent.Kind kind, String detail, long realtimeNs, long monoRawNs, Long sampleIndex) {
        listed(kind, detail, realtimeNs);
        TimestampStore s = sinks.store;
        if (s != null) {
            try {
                s.addEvent(new SessionEvent(realtimeNs, monoRawNs, sampleIndex, kind, detail, null));
            } catch (RuntimeException closing) {
                // the session closed meanwhile; the event is still in the API's list
            }
        }
    }

    /** An event for the API's list only: one the recording stores in the session itself. */
    private void listed(SessionEvent.Kind kind, String detail, long realtimeNs) {
        synchronized (events) {
            events.addLast(new StationEvent(nextEventId++, realtimeNs, kind.text, detail));
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
        }
    }

    private void housekeep() {
        while (!shutdown) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            tick(read().realtimeNs());
        }
    }

    /**
     * The health that no buffer reports: alert repeats, the disk, the time source. Once a second of the clock
     * (wall time, or the simulated world's).
     */
    synchronized void tick(long nowNs) {
        send(alerts.repeatsDue(nowNs));
        long leftS = diskSecondsLeft();
        diskFreeBytesNow = diskFreeBytes();
        diskSecondsLeftNow = leftS;
        boolean low = leftS < config.diskMinFreeNs() / 1_000_000_000L;
        if (low != alerts.activeConditions().contains("disk low")) {
            report("disk low", low, leftS + " s of recording left in " + config.deployment()
                    + (config.overflow().isEmpty() ? "" : " and its overflow folders"));
            if (low) {
                event(SessionEvent.Kind.DISK_LOW, leftS + " s left");
            }
        }
        SyncEngineHost engine = statusSync;
        syncSnapshot = snapshot(engine, nowNs);
        if (engine != null && engine.ntpClient() != null && recording != null) {
            long since = lastNtpAnswerNs != Long.MIN_VALUE ? lastNtpAnswerNs : ntpWatchSinceNs;
            boolean lost = since != Long.MIN_VALUE && nowNs - since > NTP_LOST_POLLS * config.ntpPollNs();
            if (lost != alerts.activeConditions().contains("time source lost")) {
                NtpSample last = lastNtpAnswer;
                String detail = lost
                        ? "no valid NTP answer for " + (nowNs - since) / 1_000_000_000L + " s"
                        + (last == null ? "" : " (last: " + last.server() + ")")
                        : "NTP answers again from " + (last == null ? "?" : last.server());
                event(lost ? SessionEvent.Kind.TIME_SOURCE_LOST : SessionEvent.Kind.TIME_SOURCE_BACK, detail);
                report("time source lost", lost, detail);
            }
        }
    }

    private SyncSnapshot snapshot(SyncEngineHost engine, long nowNs) {
        if (engine == null || engine.engine() == null) {
            return SyncSnapshot.NONE;
        }
        var st = engine.engine().status();
        NtpSample last = lastNtpAccepted;
        String source = null;
        Integer stratum = null;
        if (engine.ntpClient() != null) {
            var ntp = engine.ntpClient().status();
            source = ntp.selectedServer();
            stratum = ntp.synchronised() ? ntp.stratum() : null;
        }
        if (source == null && last != null) {
            source = last.server();
        }
        if (stratum == null && last != null) {
            stratum = last.stratum();
        }
        boolean ptp = !"off".equals(config.ptp());
        return new SyncSnapshot(syncState(engine), source, last == null ? null : last.offsetNs(),
                last == null ? null : last.delayNs(), stratum,
                lastNtpAcceptedNs == Long.MIN_VALUE ? null : nowNs - lastNtpAcceptedNs,
                st.grandmaster(), ptp && st.ptpVersion() > 0 ? st.ptpRatePpm() : null);
    }

    /** The station's own engine: it stores the change in the session and alerts. */
    private void ntpSelectionChanged(String from, String to) {
        event(SessionEvent.Kind.NTP_SERVER_CHANGE, "NTP source " + from + " -> " + to);
        alertSourceChange(from, to);
    }

    /**
     * "time source changed" when one server takes over from another; the first choice is no change, and losing every
     * source is "time source lost" (from the tick).
     */
    private void alertSourceChange(String from, String to) {
        if (from != null && to != null) {
            oneOff("time source changed", "NTP source " + from + " -> " + to);
        }
    }

    private void ntpSampled(NtpSample sample) {
        long nowNs = read().realtimeNs();
        if (sample.accepted()) {
            lastNtpAccepted = sample;
            lastNtpAcceptedNs = nowNs;
        }
        if (NtpReplyCheck.passedPacketTests(sample)) {
            lastNtpAnswer = sample;
            lastNtpAnswerNs = nowNs;
        }
    }

    private void clockEvent(ClockEvent e) {
        if (e.kind() == ClockEvent.Kind.STEP) {
            oneOff("clock step", "the clock was stepped by " + e.phaseNs() + " ns"
                    + (e.detail() == null ? "" : " (" + e.detail() + ")"));
        }
    }

    private long diskFreeBytes() {
        return usable(config.deployment());
    }

    private long usable(Path folder) {
        try {
            return freeSpace.usableBytes(folder);
        } catch (IOException absent) {
            return 0; // an overflow disk not mounted holds nothing
        }
    }

    private long diskSecondsLeft() {
        long bytesPerSecond = (long) config.rateHz() * config.channels() * bytesPerSample(config.format());
        long total = diskFreeBytes();
        for (Path p : config.overflow()) {
            total += usable(p);
        }
        return total / Math.max(1, bytesPerSecond);
    }

    /** What the station watches inside each recording: its world (simulated time), device, files, free space. */
    private final class Watch implements Recording.Observer {
        private int opens;
        private final java.util.concurrent.atomic.AtomicInteger files;

        Watch(java.util.concurrent.atomic.AtomicInteger files) {
            this.files = files;
            files.set(0); // a new session
        }

        @Override
        public void engineReady(SyncEngineHost engine, SystemClock sessionClock) {
            clock = sessionClock;
            statusSync = engine;
            ntpWatchSinceNs = sessionClock.realtimeNs();
            if (engine.ntpClient() != null) {
                // The recording owns this engine and stores the change in its session: the station lists and alerts
                engine.ntpClient().onSelectionChange((from, to) -> {
                    listed(SessionEvent.Kind.NTP_SERVER_CHANGE, "NTP source " + from + " -> " + to, read().realtimeNs());
                    alertSourceChange(from, to);
                });
            }
        }

        @Override
        public void clockStepped(long stepNs) {
            // A step the recording saw (someone else stepped the clock); it stored the clock_step event
            String detail = "CLOCK_REALTIME stepped by " + stepNs + " ns while recording";
            listed(SessionEvent.Kind.CLOCK_STEP, detail, read().realtimeNs());
            oneOff("clock step", detail);
        }

        @Override
        public ClockEventSink clockEvents(ClockEventSink store) {
            return sinks;
        }

        @Override
        public NtpSampleSink ntpSamples(NtpSampleSink store) {
            return sinks;
        }

        @Override
        public io.tidemark.recorder.capture.DeviceOpener device(io.tidemark.recorder.capture.DeviceOpener opener) {
            // The session opens once, then again only after it lost the device: a second open means "lost".
            return () -> {
                if (opens++ > 0 && !deviceLost) {
                    deviceLost = true;
                    report("device lost", true, config.device() + " lost; reopening");
                }
                io.tidemark.recorder.capture.CaptureDevice d = opener.open();
                if (deviceLost) {
                    deviceLost = false;
                    report("device lost", false, config.device() + " is back");
                }
                return d;
            };
        }

        @Override
        public io.tidemark.recorder.audio.AudioFileListener files(io.tidemark.recorder.audio.AudioFileListener inner) {
            return new io.tidemark.recorder.audio.AudioFileListener() {
                @Override
                public void fileOpened(String relativePath, long firstSampleIndex) {
                    inner.fileOpened(relativePath, firstSampleIndex);
                    files.incrementAndGet();
                }

                @Override
                public void fileSynced(String relativePath, long frames) {
                    inner.fileSynced(relativePath, frames);
                }

                @Override
                public void fileClosed(String relativePath, long frames, String dataSha256) {
                    inner.fileClosed(relativePath, frames, dataSha256);
                }

                @Override
                public void folderChanged(String folder, long firstSampleIndex, String reason) {
                    inner.folderChanged(folder, firstSampleIndex, reason);
                    oneOff("folder changed", "recording continues in " + folder + " (" + reason + ")");
                }
            };
        }

        @Override
        public io.tidemark.recorder.audio.FreeSpace freeSpace() {
            return freeSpace;
        }
    }

    /** Bytes per sample as stored (and as the audio sink sees it): s24 is stored packed, like s24_3. */
    static int bytesPerSample(String format) {
        return io.tidemark.recorder.capture.SampleEncoding.parse(format).bitsPerSample / 8;
    }

    @Override
    public StationStatus status() {
        boolean rec = recording != null;
        int files = rec ? sessionFiles.get() : 0;
        long freeBytes = diskFreeBytesNow >= 0 ? diskFreeBytesNow : diskFreeBytes();
        long secondsLeft = diskSecondsLeftNow >= 0 ? diskSecondsLeftNow : diskSecondsLeft();
        List<String> health = new ArrayList<>();
        if (deviceAbsent) {
            health.add("device absent: " + config.device());
        }
        if (deviceLost) {
            health.add("device lost: " + config.device());
        }
        health.addAll(levels.problems());
        if (alerts.activeConditions().contains("time source lost")) {
            health.add("time source lost");
        }
        if (alerts.activeConditions().contains("disk low")) {
            health.add("disk low");
        }
        SyncSnapshot y = syncSnapshot;
        String discipline = !config.discipline() ? "off" : "off".equals(config.ptp()) ? "ntp" : "ptp+ntp";
        return new StationStatus(rec ? sessionId : null, rec, rec ? read().monoRawNs() - sessionStartNs : 0,
                rec ? levels.frames() : 0, files, freeBytes, secondsLeft, y.state(),
                y.ntpSource(), y.ntpOffsetNs(), health, y.ntpDelayNs(), y.ntpStratum(), y.ntpLastSampleAgeNs(),
                y.ptpGrandmaster(), y.ptpRatePpm(), discipline, sync != null && sync.servingAddress() != null,
                recordingBeganBeforeSync);
    }

    /** PTP_LOCKED, NTP, HOLDOVER or NONE, as docs/station.md lists them. */
    private String syncState(SyncEngineHost sync) {
        if (sync == null || sync.engine() == null) {
            return "NONE";
        }
        var servo = sync.engine().state();
        if (servo == io.tidemark.sync.servo.ServoState.HOLDOVER) {
            return "HOLDOVER";
        }
        if (!"off".equals(config.ptp()) && (servo == io.tidemark.sync.servo.ServoState.LOCK
                || servo == io.tidemark.sync.servo.ServoState.NANO)) {
            return "PTP_LOCKED";
        }
        return sync.ntpClient() != null ? "NTP" : "NONE";
    }

    @Override
    public List<ChannelReading> levels() {
        return levels.readings();
    }

    @Override
    public List<StationEvent> eventsAfter(long afterId, int limit) {
        List<StationEvent> out = new ArrayList<>();
        synchronized (events) {
            for (StationEvent e : events) {
                if (e.id() > afterId && out.size() < limit) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @Override
    public boolean stopRecording() {
        Recording r = recording;
        if (r == null) {
            return false;
        }
        wantRecording = false;
        userStop = true;
        event(SessionEvent.Kind.USER_STOP, "recording stopped through the control API");
        r.stopByUser();
        return true;
    }

    @Override
    public boolean startRecording() {
        if (recording != null || wantRecording) {
            return false;
        }
        wantRecording = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        return true;
    }

    @Override
    public void close() {
        shutdown();
        if (api != null) {
            api.close();
        }
        if (sync != null) {
            sync.close();
        }
        if (webhook != null) {
            webhook.close(2000);
        }
        if (housekeeping != null) {
            housekeeping.interrupt();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "station";
        }
    }

    /** The engine's sinks for its whole life, pointed at the session's store while one records. */
    private final class SwitchingSinks implements ClockEventSink, NtpSampleSink {
        volatile TimestampStore store;

        void to(TimestampStore s) {
            store = s;
        }

        @Override
        public void accept(ClockEvent event) {
            clockEvent(event);
            TimestampStore s = store;
            if (s != null) {
                try {
                    s.accept(event);
                } catch (RuntimeException closing) {
                    // between sessions: nothing records it
                }
            }
        }

        @Override
        public void accept(NtpSample sample) {
            ntpSampled(sample);
            TimestampStore s = store;
            if (s != null) {
                try {
                    s.accept(sample);
                } catch (RuntimeException closing) {
                    // between sessions
                }
            }
        }
    }
}
