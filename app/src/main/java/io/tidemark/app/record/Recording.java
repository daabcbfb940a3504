package io.tidemark.app.record;

import io.tidemark.app.cli.DurationParser;
import io.tidemark.app.cli.UserError;
import io.tidemark.app.sync.NtpServing;
import io.tidemark.app.sync.SyncEngineHost;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import io.tidemark.common.SoftwareVersion;
import io.tidemark.recorder.audio.AudioFolders;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.FreeSpace;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.audio.SegmentGrid;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceLostException;
import io.tidemark.recorder.capture.DeviceOpener;
import io.tidemark.recorder.capture.JavaSoundDevice;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.capture.alsa.AlsaDevice;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.recorder.session.AudioSink;
import io.tidemark.recorder.session.BwfAudioSink;
import io.tidemark.recorder.session.LiveSampleUtc;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.session.SessionFolder;
import io.tidemark.recorder.session.SessionRepair;
import io.tidemark.recorder.session.SimWorld;
import io.tidemark.recorder.session.StoreFileListener;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.engine.SyncStatus;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpServerAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One recording assembled from {@link RecordOptions}: the capture device (real, simulated, or the simulated
 * world's in simulated time), the sync engine host, the session folder and database, the audio writer and the
 * capture loop. {@code tidemark record} runs one; so can a service, without picocli.
 *
 * <p>Two phases, so that bad input costs one line and creates nothing: {@link #start} checks every option,
 * finds the device, checks the folder and binds the sync engine's sockets before it creates the session;
 * {@link #run} then records until the duration, {@link #stop} or a signal ends it.
 */
public final class Recording implements AutoCloseable {

    /** {@code --device alsa:NAME}: the native ALSA backend (Linux); any other name is Java Sound's. */
    public static final String ALSA_PREFIX = "alsa:";

    /** How a recording ended: its folder, the loop's outcome, the wall time it took, the engine's last status. */
    public record Result(Path dir, RecordingSession.Outcome outcome, long wallNs, SyncStatus syncStatus) {
    }

    /**
     * What a long-running owner (the station) lends each of its recordings: its sync engine, started once and
     * kept open across sessions (the recording neither starts nor closes it; {@code storeReady} is told each new
     * session's store so that the owner can point the engine's sinks at it), and a tap wrapped around the audio
     * sink so that the owner sees every buffer stored (levels, progress). Such an owner also repairs what a crash
     * left itself ({@code SessionRepair.repairAll}), once its recording runs: a restart then records sooner.
     */
    public record Shared(SyncEngineHost sync, Consumer<TimestampStore> storeReady, UnaryOperator<AudioSink> tap,
                         Observer observer) {
        public Shared(SyncEngineHost sync, Consumer<TimestampStore> storeReady, UnaryOperator<AudioSink> tap) {
            this(sync, storeReady, tap, null);
        }

        /** The owner lends no engine: the recording runs its own (simulated time: the world's), told to the observer. */
        boolean ownsNoEngine() {
            return sync == null;
        }

        Observer watching() {
            return observer == null ? new Observer() { } : observer;
        }
    }

    /**
     * What an owner may watch or inject besides {@link Shared}'s parts; every method's default changes nothing.
     * The station uses it to run its health on a recording in simulated time: the world's clock and engine, the
     * device's losses, the files' folders and an injected free-space probe.
     */
    public interface Observer {
        /** The recording's own sync engine (started) and the clock it runs on, when {@link Shared#sync} is null. */
        default void engineReady(SyncEngineHost sync, SystemClock clock) {
        }

        /** Where the recording's own engine sends its clock events (given: the store). */
        default io.tidemark.sync.clock.ClockEventSink clockEvents(io.tidemark.sync.clock.ClockEventSink store) {
            return store;
        }

        /** Where the recording's own engine sends its NTP samples (given: the store). */
        default io.tidemark.sync.ntp.NtpSampleSink ntpSamples(io.tidemark.sync.ntp.NtpSampleSink store) {
            return store;
        }

        /** The device opener the session uses, first open and reopens alike. */
        default DeviceOpener device(DeviceOpener opener) {
            return opener;
        }

        /** The audio files' listener (opened, closed, folder changed). */
        default io.tidemark.recorder.audio.AudioFileListener files(io.tidemark.recorder.audio.AudioFileListener l) {
            return l;
        }

        /** How the audio folders' free space is measured. */
        default FreeSpace freeSpace() {
            return FreeSpace.FILE_STORE;
        }

        /** The recording saw CLOCK_REALTIME step by {@code stepNs} (the session stored a clock_step event). */
        default void clockStepped(long stepNs) {
        }
    }

    private final RecordOptions options;
    private final CaptureFormat format;
    private final Consumer<String> notices;
    private final Shared shared;
    private SessionFolder folder;
    private SimWorld world;
    private SimulatedDevice.Opener simHardware;
    private TimestampStore store;
    private SyncEngineHost sync;
    private CaptureDevice device;
    private RecordingSession session;
    private boolean ran;

    private Recording(RecordOptions options, CaptureFormat format, Consumer<String> notices, Shared shared) {
        this.options = options;
        this.format = format;
        this.notices = notices;
        this.shared = shared;
    }

    /**
     * Checks {@code options} (made {@linkplain RecordOptions#effective effective} here), repairs what an
     * interrupted recording left in the output folder, creates the session and opens the device.
     *
     * @param notices lines for the user while it records: repairs, the start, progress, warnings ("warning: ...")
     * @throws UserError with nothing created, when an option, the device, the folder or a socket says no
     */
    public static Recording start(RecordOptions options, Consumer<String> notices) throws Exception {
        return start(options, notices, null);
    }

    /** As {@link #start(RecordOptions, Consumer)}, with what {@code shared} lends (null: owns everything). */
    public static Recording start(RecordOptions options, Consumer<String> notices, Shared shared) throws Exception {
        RecordOptions cfg = options.effective();
        String dev = required(cfg.device, "--device", "NAME (see 'tidemark devices', or 'sim')");
        int ch = required(cfg.channels, "--channels", "N");
        int rate = required(cfg.rateHz, "--rate", "HZ");
        if (cfg.bits == null && cfg.format == null) {
            throw new UserError("missing --bits or --format", "give --bits 16|24|32 (integer PCM) or --format "
                    + "f32|s32|s24|s24_3|s16 (or set it in --config)");
        }
        SampleEncoding encoding = cfg.format == null ? null : SampleEncoding.parse(cfg.format);
        if (encoding != null && cfg.bits != null && cfg.bits != encoding.bitsPerSample) {
            throw new UserError("--bits " + cfg.bits + " and --format " + cfg.format + " disagree",
                    "give only --format");
        }
        Path outDir = Path.of(required(cfg.out, "--out", "DIR"));
        CaptureFormat format;
        try {
            // a capture device's range; the simulated device in simulated time also runs down to 1 kHz
            // (CaptureFormat), so that a test can record a literal simulated week of files
            boolean instrument = "sim".equals(cfg.device) && Boolean.TRUE.equals(cfg.simulatedTime);
            if (!instrument && (rate < 44_100 || rate > 192_000)) {
                throw new IllegalArgumentException("rate must be 44100..192000 Hz, not " + rate);
            }
            format = encoding != null ? new CaptureFormat(ch, rate, encoding) : new CaptureFormat(ch, rate, cfg.bits);
        } catch (IllegalArgumentException e) {
            throw new UserError("unsupported format: " + e.getMessage(),
                    "use 1..64 channels, a rate of 44100..192000 Hz and 16, 24 or 32 bits");
        }
        if (cfg.bufferMs < 1 || cfg.bufferMs > 10_000) {
            throw new UserError("--buffer-ms " + cfg.bufferMs + " is out of range", "use 1..10000 (default 100)");
        }
        int bufferFrames = (int) format.framesIn(cfg.bufferMs * 1_000_000L);
        long durationNs = cfg.duration == null ? Long.MAX_VALUE : parseDuration(cfg.duration, "--duration").toNanos();
        long segmentNs = parseDuration(cfg.segment, "--segment").toNanos();
        if (segmentNs < 1_000_000_000L) {
            throw new UserError("--segment " + cfg.segment + " is too short", "use e.g. 60s, 10m or 1h");
        }
        if (cfg.channelNames != null && cfg.channelNames.size() != ch) {
            throw new UserError("--channel-names gives " + cfg.channelNames.size() + " names for " + ch + " channels",
                    "give one name per channel, in order, e.g. --channel-names " + exampleNames(ch));
        }
        if (cfg.channelNames != null && cfg.channelNames.stream().anyMatch(n -> n.isBlank()
                || n.chars().anyMatch(Character::isISOControl))) {
            throw new UserError("--channel-names has an empty name or a control character",
                    "give printable names, separated by commas");
        }
        List<Path> overflowRoots = new ArrayList<>();
        for (String o : cfg.overflow) {
            Path root = Path.of(o).toAbsolutePath();
            try {
                SessionFolder.checkWritable(root);
            } catch (RuntimeException e) {
                throw new UserError("cannot write to overflow folder " + root + ": " + e.getMessage(),
                        "give --overflow folders you can write to (a mounted disk)");
            }
            overflowRoots.add(root);
        }
        boolean sim = SimulatedDevice.NAME.equals(dev);
        if (cfg.simNtpOutage != null && !cfg.simulatedTime) {
            throw new UserError("--sim-ntp-outage needs simulated time", "add --simulated-time");
        }
        if (cfg.simulatedTime && !sim) {
            throw new UserError("--simulated-time needs the simulated device", "add --device sim");
        }
        SimScript.check(cfg);
        ReferenceOptions.check(cfg, ch, sim);
        ReferenceOptions.checkCalibration(cfg, sim ? SimulatedDevice.NAME : dev, format, (int) format.framesIn(cfg.bufferMs * 1_000_000L));
        if (!cfg.audio.equals("bwf") && !cfg.audio.equals("none")) {
            throw new UserError("--audio " + cfg.audio + " is not known", "use bwf or none");
        }
        List<NtpServerAddress> ntpServers = new ArrayList<>();
        for (String s : cfg.ntp) {
            try {
                ntpServers.add(NtpServerAddress.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UserError("bad --ntp " + s + ": " + e.getMessage(), "give HOST or HOST:PORT");
            }
        }
        long ntpPollNs = parseDuration(cfg.ntpPoll, "--ntp-poll").toNanos();
        if (ntpPollNs < 1_000_000_000L || ntpPollNs > 131_072_000_000_000L) {
            throw new UserError("--ntp-poll " + cfg.ntpPoll + " is out of range", "use 1s..36h (default 16s)");
        }
        SyncEngineHost.Options syncOptions = new SyncEngineHost.Options(SyncEngineHost.parsePtp(cfg.ptp),
                cfg.ptpInterface, ntpServers, cfg.discipline, NtpServing.forSyncEngine(cfg.serveNtp, cfg.ntpAllow),
                ntpPollNs);
        if (cfg.simulatedTime && syncOptions.serving() != null) {
            throw new UserError("--serve-ntp cannot serve simulated time", "drop --serve-ntp or --simulated-time");
        }
        Long simStartNs = cfg.simulatedTime && cfg.simStart != null ? parseSimStart(cfg.simStart) : null;
        // The scripted faults and signal spans, checked now so that a bad one creates nothing.
        signalSpans(cfg, ch);
        if (cfg.simNtpOutage != null) {
            simSpan(cfg.simNtpOutage, "--sim-ntp-outage");
        }
        for (String at : cfg.simDisconnectAt) {
            parseDuration(at, "--sim-disconnect-at");
        }
        // Find a real device before anything is created: a wrong name or format costs nothing.
        DeviceOpener realOpener = sim ? null : dev.startsWith(ALSA_PREFIX)
                ? alsaOpener(dev.substring(ALSA_PREFIX.length()), format, bufferFrames)
                : JavaSoundDevice.opener(dev, format, bufferFrames);
        SessionFolder.checkWritable(outDir);
        if (shared != null && !shared.ownsNoEngine() && cfg.simulatedTime) {
            throw new UserError("a shared sync engine runs in real time", "drop simulatedTime");
        }
        Recording r = new Recording(cfg, format, notices, shared);
        try {
            // Likewise the discipline guard, the PTP socket and the NTP server's port (real time).
            if (shared != null && !shared.ownsNoEngine()) {
                r.sync = shared.sync();
            } else if (!cfg.simulatedTime) {
                r.sync = SyncEngineHost.open(syncOptions, SystemClock.platform());
            }
            for (SessionRepair.Repaired repaired : shared != null ? List.<SessionRepair.Repaired>of()
                    : SessionRepair.repairAll(outDir)) {
                notices.accept("repaired " + repaired.sessionId() + "/" + repaired.path()
                        + " left by an interrupted recording (" + repaired.framesAfter() + " frames kept)");
            }
            r.assemble(dev, simStartNs, bufferFrames, durationNs, segmentNs, overflowRoots, outDir, realOpener,
                    syncOptions);
            return r;
        } catch (Throwable t) {
            r.close();
            throw t;
        }
    }

    private void assemble(String dev, Long simStartNs, int bufferFrames, long durationNs, long segmentNs,
                          List<Path> overflowRoots, Path outDir, DeviceOpener realOpener,
                          SyncEngineHost.Options syncOptions) throws Exception {
        long startTrueNs = simStartNs != null ? simStartNs : SystemClock.platform().realtimeNs();
        boolean simTime = options.simulatedTime;
        String deviceLabel = realOpener == null ? SimulatedDevice.NAME : dev;
        String configJson = Json.MAPPER.writeValueAsString(options);
        folder = SessionFolder.create(outDir, UtcNanos.toInstant(startTrueNs), deviceLabel);
        Path dir = folder.dir();
        SystemClock clock;
        DeviceOpener opener;
        if (simTime) {
            world = new SimWorld(startTrueNs, Math.round(options.simSysOffsetMs * 1e6), options.simSysPpm,
                    Math.round(options.simNtpJitterUs * 1e3), options.simSeed,
                    simConfig(bufferFrames / (double) format.sampleRateHz()), format, bufferFrames, dir);
            clock = world.clock();
            opener = world.device();
            SimScript.apply(options, world, startTrueNs);
        } else {
            clock = SystemClock.platform();
            if (realOpener == null) {
                simHardware = SimulatedDevice.opener(simConfig(bufferFrames / (double) format.sampleRateHz()),
                        format, bufferFrames, null, dir);
                opener = simHardware;
            } else {
                opener = realOpener;
            }
        }
        ReferenceOptions.copyCalibration(options, dir);
        ReferenceOptions.putSimReference(options, world != null ? world.device() : simHardware,
                Math.round(options.simInputLatencyUs * 1e3));
        ClockReading start = clock.read();
        store = TimestampStore.create(dir, new SessionInfo(folder.sessionId(), deviceLabel, format.channels(),
                format.sampleRateHz(), format.bitsPerSample(), bufferFrames, hostName(),
                SoftwareVersion.get(), configJson, realOpener == null, start.realtimeNs(), start.monoRawNs(),
                null, null, null), channelNames());
        store.setRealtimeSource(clock::realtimeNs);
        // The sync engine: every ClockEvent to clock_events, every NTP exchange to ntp_samples. The whole
        // command is a recording, so the engine never steps the clock, it only slews (bounded).
        if (world != null) {
            sync = SyncEngineHost.simulated(syncOptions, world);
        }
        boolean ownEngine = shared == null || shared.ownsNoEngine();
        Observer observer = shared == null ? new Observer() { } : shared.watching();
        if (shared != null) {
            shared.storeReady().accept(store);
        }
        if (ownEngine) {
            sync.start(observer.clockEvents(store), observer.ntpSamples(store), () -> true);
            observer.engineReady(sync, clock);
        }
        if (world != null && options.simNtpOutage != null) {
            long[] outage = simSpan(options.simNtpOutage, "--sim-ntp-outage");
            world.ntpServer().unreachable(startTrueNs + outage[0], startTrueNs + outage[0] + outage[1]);
        }
        NtpClient ntpClient = ownEngine ? sync.ntpClient() : null;
        if (ntpClient != null) {
            TimestampStore s = store;
            ntpClient.onSelectionChange((from, to) -> {
                ClockReading r = clock.read();
                s.addEvent(new SessionEvent(r.realtimeNs(), r.monoRawNs(), null, SessionEvent.Kind.NTP_SERVER_CHANGE,
                        "NTP source " + from + " -> " + to, null));
            });
            ntpClient.start();
        }
        if (realOpener == null) {
            (world != null ? world.device() : simHardware).signalSpans(signalSpans(options, format.channels()));
        }
        opener = observer.device(opener);
        try {
            device = opener.open();
        } catch (DeviceLostException e) {
            throw new UserError("cannot open capture device '" + dev + "': " + e.getMessage(),
                    "check that it is connected and not in use, and see 'tidemark devices'");
        }
        LiveSampleUtc liveUtc = new LiveSampleUtc(format.sampleRateHz());
        long bytesPerSecond = (long) format.sampleRateHz() * format.bytesPerFrame();
        RecordingSession.Options loop = new RecordingSession.Options(durationNs, bufferFrames,
                simTime ? 3_600_000_000_000L : 10_000_000_000L,
                Math.max(4L << 20, 3 * bytesPerSecond + (1 << 20)),
                Math.max(256L << 20, 1800 * bytesPerSecond), 10_000_000_000L);
        // With overflow folders a folder must hold a whole next file and still keep the session's reserve (on
        // the first disk, for the database), so the writer moves on before the session would stop for space.
        long folderReserveBytes = overflowRoots.isEmpty() ? 0
                : Math.addExact(Math.multiplyExact(segmentNs / 1_000_000_000L + 1, bytesPerSecond),
                loop.diskReserveBytes());
        AudioSink audioSink = options.audio.equals("none") ? BwfAudioSink.DISCARD
                : new BwfAudioSink(new RotatingBwfWriter(dir, folder.sessionId(), format, new SegmentGrid(segmentNs),
                liveUtc, observer.files(new StoreFileListener(store, clock)), BwfMetadata.defaults().withTrackNames(channelNames()),
                clock::realtimeNs, new AudioFolders(overflowRoots, folderReserveBytes, observer.freeSpace())));
        if (shared != null && shared.tap() != null) {
            audioSink = shared.tap().apply(audioSink);
        }
        session = new RecordingSession(folder, store, opener, format, clock, sync.utc(), sync.ptpTime(), audioSink,
                world != null ? world.pause() : RecordingSession.Pause.REAL, loop, listener(folder.sessionId()))
                .feeding(liveUtc).reportingHoldover(sync::holdover);
    }

    private List<String> channelNames() {
        return options.channelNames == null ? List.of() : options.channelNames;
    }

    private static String exampleNames(int channels) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= Math.min(channels, 3); i++) {
            b.append(i > 1 ? "," : "").append("CH").append(i);
        }
        return b.append(channels > 3 ? ",..." : "").toString();
    }

    /** The session's folder, OUT/&lt;session-id&gt;/. */
    public Path dir() {
        return folder.dir();
    }

    /**
     * Records in this thread until the duration is reached, {@link #stop} is called, the input ends, the disk
     * fills or the JVM is asked to exit (SIGTERM, Ctrl-C: the shutdown hook stops the loop and waits for it to
     * leave every row committed and every file playable). Then closes everything but the folder's lock.
     */
    public Result run() {
        if (ran) {
            throw new IllegalStateException("a recording runs once");
        }
        ran = true;
        Thread hook = new Thread(() -> {
            session.requestStop();
            try {
                session.awaitFinished(20_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "tidemark-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            notices.accept("recording " + format + " from " + device.name() + " into " + folder.dir()
                    + (options.simulatedTime ? " (simulated time)" : "") + "; sync engine: " + sync.describe());
            long wallStartNs = System.nanoTime();
            RecordingSession.Outcome outcome = session.run(device);
            long wallNs = System.nanoTime() - wallStartNs;
            SyncStatus syncStatus = sync.engine().status();
            closeParts();
            return new Result(folder.dir(), outcome, wallNs, syncStatus);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Stopped by a signal: the hook is running and waits for us.
            }
        }
    }

    /** Asks a running recording to stop after the buffer in hand; safe from any thread. */
    public void stop() {
        session.requestStop();
    }

    /** As {@link #stop()}, recording that a person asked for it (stop_reason user_stopped). */
    public void stopByUser() {
        session.requestStop(RecordingSession.StopReason.USER_STOPPED);
    }

    /** Releases whatever is still open; after {@link #run}, only the folder's lock. */
    @Override
    public void close() {
        try {
            if (!ran && device != null) {
                device.close();
            }
            closeParts();
        } finally {
            if (folder != null) {
                folder.close();
            }
        }
    }

    /** The engine first (it writes to the store), then the simulated hardware, then the store. */
    private void closeParts() {
        if (sync != null && (shared == null || shared.ownsNoEngine())) {
            sync.close();
        }
        if (world != null) {
            world.close();
            world = null;
        } else if (simHardware != null) {
            simHardware.close();
            simHardware = null;
        }
        if (store != null) {
            TimestampStore s = store;
            store = null;
            s.close();
        }
    }

    private SimulatedDeviceConfig simConfig(double bufferSeconds) {
        double perBuffer = bufferSeconds / 3600.0;
        try {
            return SimulatedDeviceConfig.defaults()
                    .withRatePpm(options.simPpm)
                    .withWanderPpmPerSqrtHour(options.simWander)
                    .withLatency(Math.round(options.simInputLatencyUs * 1e3), Math.round(options.simLatencyMs * 1e6))
                    .withOutliers(options.simOutlierProbability, Math.round(options.simOutlierMs * 1e6))
                    .withFaultProbabilities(options.simDropouts * perBuffer, options.simOverruns * perBuffer,
                            options.simDisconnects * perBuffer)
                    .withDisconnectDurationNs(Math.round(options.simDisconnectMs * 1e6))
                    .withFaultSchedule(scheduledDisconnects(bufferSeconds))
                    .withSeed(options.simSeed)
                    .withSignal(SimulatedDeviceConfig.Signal.valueOf(options.simSignal.toUpperCase()));
        } catch (IllegalArgumentException e) {
            throw new UserError("bad simulated-device setting: " + e.getMessage(), "see 'tidemark record --help'");
        }
    }

    /** simDisconnectAt as device buffers (the fault schedule counts buffers, lost ones included). */
    private List<SimulatedDeviceConfig.ScheduledFault> scheduledDisconnects(double bufferSeconds) {
        List<SimulatedDeviceConfig.ScheduledFault> out = new ArrayList<>();
        for (String at : options.simDisconnectAt) {
            long atNs = parseDuration(at, "--sim-disconnect-at").toNanos();
            out.add(new SimulatedDeviceConfig.ScheduledFault(SimulatedDeviceConfig.FaultKind.DISCONNECT,
                    Math.round(atNs * 1e-9 / bufferSeconds)));
        }
        return out;
    }

    /** simSilence and simClip as signal spans. */
    private static List<io.tidemark.recorder.capture.SimulatedSignalSpan> signalSpans(RecordOptions options,
                                                                                      int channels) {
        List<io.tidemark.recorder.capture.SimulatedSignalSpan> out = new ArrayList<>();
        for (var kind : io.tidemark.recorder.capture.SimulatedSignalSpan.Kind.values()) {
            boolean silent = kind == io.tidemark.recorder.capture.SimulatedSignalSpan.Kind.SILENT;
            String flag = silent ? "--sim-silence" : "--sim-clip";
            for (String text : silent ? options.simSilence : options.simClip) {
                int at = text.indexOf('@');
                int ch;
                try {
                    ch = at < 0 ? -1 : Integer.parseInt(text.substring(0, at).trim());
                } catch (NumberFormatException e) {
                    ch = -1;
                }
                if (ch < 1 || ch > channels) {
                    throw new UserError(flag + " " + text + " names no channel of 1.." + channels,
                            "write CH@START+LENGTH, e.g. 1@3d+3h");
                }
                long[] span = simSpan(text.substring(at + 1), flag);
                out.add(new io.tidemark.recorder.capture.SimulatedSignalSpan(ch, kind, span[0], span[1]));
            }
        }
        return out;
    }

    /** "START+LENGTH" as {startNs, lengthNs}. */
    private static long[] simSpan(String text, String flag) {
        int plus = text.indexOf('+');
        if (plus < 0) {
            throw new UserError(flag + " " + text + " is not START+LENGTH", "write e.g. 2d+24h");
        }
        long startNs = parseDuration(text.substring(0, plus).trim(), flag).toNanos();
        long lengthNs = parseDuration(text.substring(plus + 1).trim(), flag).toNanos();
        if (lengthNs <= 0) {
            throw new UserError(flag + " " + text + " has no length", "write e.g. 2d+24h");
        }
        return new long[] {startNs, lengthNs};
    }

    private RecordingSession.Listener listener(String sessionId) {
        return new RecordingSession.Listener() {
            @Override
            public void progress(RecordingSession.Progress p) {
                long s = p.elapsedNs() / 1_000_000_000L;
                notices.accept(String.format("%s %d:%02d:%02d recorded, %d buffers, %d frames lost, device %+.2f ppm",
                        sessionId, s / 3600, s / 60 % 60, s % 60, p.buffers(), p.lostFrames(), p.deviceRatePpm()));
            }

            @Override
            public void warning(String line) {
                notices.accept("warning: " + line);
            }

            @Override
            public void clockStepped(long stepNs) {
                if (shared != null) {
                    shared.watching().clockStepped(stepNs);
                }
            }
        };
    }

    /** Opens the ALSA device once and closes it: a wrong name, a busy device or a format it lacks fails here. */
    private static DeviceOpener alsaOpener(String name, CaptureFormat format, int bufferFrames) {
        AlsaDevice.open(name, format, bufferFrames).close();
        return AlsaDevice.opener(name, format, bufferFrames);
    }

    private static <T> T required(T value, String flag, String what) {
        if (value == null) {
            throw new UserError("missing " + flag, "give " + flag + " " + what + " (or set it in --config)");
        }
        return value;
    }

    private static Duration parseDuration(String text, String flag) {
        try {
            return DurationParser.parse(text);
        } catch (RuntimeException e) {
            throw new UserError(flag + " " + text + " is not a duration", "use e.g. 60s, 90m, 2h, 1h30m, 3d");
        }
    }

    private static long parseSimStart(String text) {
        try {
            return UtcNanos.toEpochNs(Instant.parse(text));
        } catch (RuntimeException e) {
            throw new UserError("--sim-start " + text + " is not an ISO-8601 UTC time", "use e.g. 2026-11-21T19:30:00Z");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
