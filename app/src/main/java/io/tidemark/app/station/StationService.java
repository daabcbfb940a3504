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
 */
public final class StationService implements StationView, AutoCloseable {

    private static final long BACKOFF_MAX_NS = 30_000_000_000L;
    private static final int EVENTS_KEPT = 1000;

    private final StationConfig config;
    private final Consumer<String> notices;
    private final SystemdNotifier systemd;
    private final SystemClock clock = SystemClock.platform();
    private final AlertPolicy alerts;
    private final WebhookSender webhook;
    private final ArrayDeque<StationEvent> events = new ArrayDeque<>();
    private final Object lock = new Object();
    private final SwitchingSinks sinks = new SwitchingSinks();
    private final LevelTap levels;

    private SyncEngineHost sync;
    private ControlApi api;
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
        this.config = config;
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
        api = ControlApi.start(config.api(), this);
        sync = SyncEngineHost.open(o, clock);
        sync.start(sinks, sinks, () -> true);
        StartupTimeline.mark("API and sync engine up");
        if (sync.ntpClient() != null) {
            sync.ntpClient().onSelectionChange((from, to) -> event(SessionEvent.Kind.NTP_SERVER_CHANGE,
                    "NTP source " + from + " -> " + to));
            sync.ntpClient().start();
        }
        housekeeping = new Thread(this::housekeep, "station-housekeeping");
        housekeeping.setDaemon(true);
        housekeeping.start();
        notices.accept("station: control API on " + api.address() + "; sync engine: " + sync.describe());
    }

    /** The API's address (port 0 in the config: the one chosen). */
    public java.net.InetSocketAddress apiAddress() {
        return api.address();
    }

    /** Records sessions until {@link #shutdown}; each ends by a stop, a signal or a fault, and the next follows. */
    public void run() throws InterruptedException {
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
                        r = Recording.start(options, notices, new Recording.Shared(sync, this::storeReady, levels::wrap));
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
            recording = r;
            sessionDir = r.dir();
            sessionId = r.dir().getFileName().toString();
            sessionStartNs = System.nanoTime();
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
    }

    private void onBufferStored(long frames) {
        if (!readySent) {
            readySent = true;
            StartupTimeline.mark("first buffer stored");
            notices.accept("station: " + StartupTimeline.summary());
            systemd.ready("recording " + sessionId + " into " + config.deployment());
        }
        systemd.watchdog();
    }

    private void onLevelChange(String condition, boolean on, String detail, SessionEvent.Kind kind) {
        event(kind, detail);
        report(condition, on, detail);
    }

    private void report(String condition, boolean on, String detail) {
        long now = clock.realtimeNs();
        if (condition.startsWith("device")) {
            event(on ? SessionEvent.Kind.DEVICE_ABSENT : SessionEvent.Kind.DEVICE_REOPENED, detail);
        }
        for (Alert a : alerts.report(condition, on, detail, now)) {
            if (webhook != null) {
                webhook.send(a);
            }
        }
    }

    /** A station event: kept for the API and stored in the current session's events table. */
    private void event(SessionEvent.Kind kind, String detail) {
        ClockReading r = clock.read();
        synchronized (events) {
            events.addLast(new StationEvent(nextEventId++, r.realtimeNs(), kind.text, detail));
            while (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
        }
        TimestampStore s = sinks.store;
        if (s != null) {
            try {
                s.addEvent(new SessionEvent(r.realtimeNs(), r.monoRawNs(), null, kind, detail, null));
            } catch (RuntimeException closing) {
                // the session closed meanwhile; the event is still in the API's list
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
            for (Alert a : alerts.repeatsDue(clock.realtimeNs())) {
                if (webhook != null) {
                    webhook.send(a);
                }
            }
            long leftS = diskSecondsLeft();
            boolean low = leftS < config.diskMinFreeNs() / 1_000_000_000L;
            if (low != alerts.activeConditions().contains("disk low")) {
                report("disk low", low, leftS + " s of recording left in " + config.deployment());
                event(SessionEvent.Kind.DISK_LOW, leftS + " s left");
            }
        }
    }

    private long diskFreeBytes() {
        // statvfs on the folder itself (0 when it is gone): Files.getFileStore reads the whole mount table first,
        // which was most of a 10 Hz /api/status poll's cost.
        return config.deployment().toFile().getUsableSpace();
    }

    private long diskSecondsLeft() {
        long bytesPerSecond = (long) config.rateHz() * config.channels() * bytesPerSample(config.format());
        long total = diskFreeBytes();
        for (Path p : config.overflow()) {
            total += p.toFile().getUsableSpace(); // an overflow disk not mounted: its empty mount point's, or 0
        }
        return total / Math.max(1, bytesPerSecond);
    }

    /** Bytes per sample as stored (and as the audio sink sees it): s24 is stored packed, like s24_3. */
    static int bytesPerSample(String format) {
        return io.tidemark.recorder.capture.SampleEncoding.parse(format).bitsPerSample / 8;
    }

    @Override
    public StationStatus status() {
        boolean rec = recording != null;
        Path dir = sessionDir;
        int files = 0;
        if (rec && dir != null) {
            try (var s = Files.list(dir)) {
                files = (int) s.filter(p -> p.getFileName().toString().endsWith(".wav")).count();
            } catch (IOException gone) {
                files = 0;
            }
        }
        List<String> health = new ArrayList<>();
        if (deviceAbsent) {
            health.add("device absent: " + config.device());
        }
        health.addAll(levels.problems());
        if (alerts.activeConditions().contains("disk low")) {
            health.add("disk low");
        }
        String state = syncState();
        return new StationStatus(rec ? sessionId : null, rec, rec ? System.nanoTime() - sessionStartNs : 0,
                rec ? levels.frames() : 0, files, diskFreeBytes(), diskSecondsLeft(), state,
                null, null, health);
    }

    /** PTP_LOCKED, NTP, HOLDOVER or NONE, as docs/station.md lists them. */
    private String syncState() {
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
    private static final class SwitchingSinks implements ClockEventSink, NtpSampleSink {
        volatile TimestampStore store;

        void to(TimestampStore s) {
            store = s;
        }

        @Override
        public void accept(ClockEvent event) {
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
