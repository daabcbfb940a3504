package io.tidemark.app.command;

import io.tidemark.app.cli.DurationParser;
import io.tidemark.app.cli.UserError;
import io.tidemark.app.sync.NtpServing;
import io.tidemark.app.sync.SyncEngineHost;
import io.tidemark.common.SoftwareVersion;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceLostException;
import io.tidemark.recorder.capture.DeviceOpener;
import io.tidemark.recorder.capture.JavaSoundDevice;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.recorder.session.AudioSink;
import io.tidemark.recorder.session.BwfAudioSink;
import io.tidemark.recorder.session.LiveSampleUtc;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.session.SessionFolder;
import io.tidemark.recorder.session.SessionRepair;
import io.tidemark.recorder.session.SimWorld;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.engine.SyncStatus;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpServerAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark record}: one session from a capture device into OUT/&lt;session-id&gt;/. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Records a session: audio as Broadcast WAV, every buffer's timestamps in SQLite.")
public final class RecordCommand implements Callable<Integer> {

    @Option(names = "--device", description = "capture device name or part of it (see 'tidemark devices'), or 'sim'")
    String device;
    @Option(names = "--channels", description = "channels, 1..64")
    Integer channels;
    @Option(names = "--rate", description = "sample rate in Hz, 44100..192000")
    Integer rateHz;
    @Option(names = "--bits", description = "bits per sample: 16, 24 or 32")
    Integer bits;
    @Option(names = "--buffer-ms", description = "read size in ms (default 100)")
    Integer bufferMs;
    @Option(names = "--duration", description = "how long to record, e.g. 60s, 2h, 120d (default: until stopped)")
    String duration;
    @Option(names = "--rotate", description = "start a new audio file this often (default 1h)")
    String rotate;
    @Option(names = "--out", description = "output folder; the session goes into OUT/<session-id>/")
    Path out;
    @Option(names = "--ntp", description = "NTP server HOST[:PORT]; repeat for several")
    List<String> ntp;
    @Option(names = "--ptp", description = "PTP to take frequency from: dante, aes67 or off (default off)")
    String ptp;
    @Option(names = "--interface", description = "network interface carrying PTP")
    String ptpInterface;
    @Option(names = "--discipline", description = "steer the system clock, by bounded slewing only "
            + "(needs CAP_SYS_TIME and no other time daemon steering; default: monitor only)")
    Boolean discipline;
    @Option(names = "--serve-ntp", paramLabel = "PORT", description = "serve the sync engine's time over NTP on this UDP port")
    Integer serveNtp;
    @Option(names = "--ntp-allow", paramLabel = "CIDR", description = "also serve NTP to this address block; repeatable")
    List<String> ntpAllow;
    @Option(names = "--audio", description = "bwf (default) or none (timestamps only)")
    String audio;
    @Option(names = "--config", description = "JSON file with these settings (flags override it)")
    Path config;
    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;

    @Option(names = "--simulated-time", description = "run the simulated device in accelerated simulated time")
    Boolean simulatedTime;
    @Option(names = "--sim-start", description = "simulated UTC start, ISO-8601 (default now)")
    String simStart;
    @Option(names = "--sim-ppm", description = "simulated device crystal error, ppm (default 0)")
    Double simPpm;
    @Option(names = "--sim-wander", description = "random-walk wander of that error, ppm per sqrt(hour) (default 0)")
    Double simWander;
    @Option(names = "--sim-latency-ms", description = "mean exponential delivery jitter, ms (default 1)")
    Double simLatencyMs;
    @Option(names = "--sim-outlier-probability", description = "chance per buffer of a late delivery (default 0.001)")
    Double simOutlierProbability;
    @Option(names = "--sim-outlier-ms", description = "extra delay of a late delivery, ms (default 20)")
    Double simOutlierMs;
    @Option(names = "--sim-dropouts", description = "expected dropouts (lost buffers) per hour (default 0)")
    Double simDropouts;
    @Option(names = "--sim-overruns", description = "expected overruns per hour (default 0)")
    Double simOverruns;
    @Option(names = "--sim-disconnects", description = "expected device disconnects per hour (default 0)")
    Double simDisconnects;
    @Option(names = "--sim-disconnect-ms", description = "how long a disconnect lasts, ms (default 2000)")
    Double simDisconnectMs;
    @Option(names = "--sim-sys-offset-ms", description = "simulated-time system clock minus UTC at start, ms (default 0)")
    Double simSysOffsetMs;
    @Option(names = "--sim-sys-ppm", description = "simulated-time system clock drift, ppm (default 0)")
    Double simSysPpm;
    @Option(names = "--sim-ntp-jitter-us", description = "simulated NTP path jitter (mean, each way), µs (default 100)")
    Double simNtpJitterUs;
    @Option(names = "--sim-seed", description = "seed of the simulated world (default 1)")
    Long simSeed;
    @Option(names = "--sim-signal", description = "tones (default) or noise")
    String simSignal;

    PrintStream stdout = System.out;
    PrintStream stderr = System.err;

    /** The effective settings: the config file, then flags on top. */
    RecordConfig effective() {
        RecordConfig c = new RecordConfig();
        if (config != null) {
            try {
                c = Json.MAPPER.readValue(config.toFile(), RecordConfig.class);
            } catch (IOException e) {
                throw new UserError("cannot read config file " + config + ": " + firstLine(e.getMessage()),
                        "fix the JSON (docs/recording.md lists the keys)");
            }
        }
        c.device = pick(device, c.device);
        c.channels = pick(channels, c.channels);
        c.rateHz = pick(rateHz, c.rateHz);
        c.bits = pick(bits, c.bits);
        c.bufferMs = pick(bufferMs, c.bufferMs, 100);
        c.duration = pick(duration, c.duration);
        c.rotate = pick(rotate, c.rotate, "1h");
        c.out = pick(out == null ? null : out.toString(), c.out);
        if (ntp != null && !ntp.isEmpty()) {
            c.ntp = new ArrayList<>(ntp);
        } else if (c.ntp == null) {
            c.ntp = new ArrayList<>();
        }
        c.ptp = pick(ptp, c.ptp, "off");
        c.ptpInterface = pick(ptpInterface, c.ptpInterface);
        c.discipline = pick(discipline, c.discipline, false);
        c.serveNtp = pick(serveNtp, c.serveNtp);
        if (ntpAllow != null && !ntpAllow.isEmpty()) {
            c.ntpAllow = new ArrayList<>(ntpAllow);
        } else if (c.ntpAllow == null) {
            c.ntpAllow = new ArrayList<>();
        }
        c.audio = pick(audio, c.audio, "bwf");
        c.simulatedTime = pick(simulatedTime, c.simulatedTime, false);
        c.simStart = pick(simStart, c.simStart);
        c.simPpm = pick(simPpm, c.simPpm, 0.0);
        c.simWander = pick(simWander, c.simWander, 0.0);
        c.simLatencyMs = pick(simLatencyMs, c.simLatencyMs, 1.0);
        c.simOutlierProbability = pick(simOutlierProbability, c.simOutlierProbability, 0.001);
        c.simOutlierMs = pick(simOutlierMs, c.simOutlierMs, 20.0);
        c.simDropouts = pick(simDropouts, c.simDropouts, 0.0);
        c.simOverruns = pick(simOverruns, c.simOverruns, 0.0);
        c.simDisconnects = pick(simDisconnects, c.simDisconnects, 0.0);
        c.simDisconnectMs = pick(simDisconnectMs, c.simDisconnectMs, 2000.0);
        c.simSysOffsetMs = pick(simSysOffsetMs, c.simSysOffsetMs, 0.0);
        c.simSysPpm = pick(simSysPpm, c.simSysPpm, 0.0);
        c.simNtpJitterUs = pick(simNtpJitterUs, c.simNtpJitterUs, 100.0);
        c.simSeed = pick(simSeed, c.simSeed, 1L);
        c.simSignal = pick(simSignal, c.simSignal, "tones");
        return c;
    }

    @SafeVarargs
    private static <T> T pick(T... choices) {
        for (T t : choices) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static <T> T required(T value, String flag, String what) {
        if (value == null) {
            throw new UserError("missing " + flag, "give " + flag + " " + what + " (or set it in --config)");
        }
        return value;
    }

    @Override
    public Integer call() throws Exception {
        RecordConfig cfg = effective();
        String dev = required(cfg.device, "--device", "NAME (see 'tidemark devices', or 'sim')");
        int ch = required(cfg.channels, "--channels", "N");
        int rate = required(cfg.rateHz, "--rate", "HZ");
        int b = required(cfg.bits, "--bits", "16|24|32");
        Path outDir = Path.of(required(cfg.out, "--out", "DIR"));
        CaptureFormat format;
        try {
            format = new CaptureFormat(ch, rate, b);
        } catch (IllegalArgumentException e) {
            throw new UserError("unsupported format: " + e.getMessage(),
                    "use 1..64 channels, a rate of 44100..192000 Hz and 16, 24 or 32 bits");
        }
        if (cfg.bufferMs < 1 || cfg.bufferMs > 10_000) {
            throw new UserError("--buffer-ms " + cfg.bufferMs + " is out of range", "use 1..10000 (default 100)");
        }
        int bufferFrames = (int) format.framesIn(cfg.bufferMs * 1_000_000L);
        long durationNs = cfg.duration == null ? Long.MAX_VALUE : parseDuration(cfg.duration, "--duration").toNanos();
        long rotateFrames = format.framesIn(parseDuration(cfg.rotate, "--rotate").toNanos());
        if (rotateFrames < 1) {
            throw new UserError("--rotate " + cfg.rotate + " is too short", "use e.g. 10m or 1h");
        }
        boolean sim = SimulatedDevice.NAME.equals(dev);
        if (cfg.simulatedTime && !sim) {
            throw new UserError("--simulated-time needs the simulated device", "add --device sim");
        }
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
        SyncEngineHost.Options syncOptions = new SyncEngineHost.Options(SyncEngineHost.parsePtp(cfg.ptp),
                cfg.ptpInterface, ntpServers, cfg.discipline, NtpServing.forSyncEngine(cfg.serveNtp, cfg.ntpAllow));
        if (cfg.simulatedTime && syncOptions.serving() != null) {
            throw new UserError("--serve-ntp cannot serve simulated time", "drop --serve-ntp or --simulated-time");
        }
        // Find a real device before anything is created: a wrong name or format costs nothing.
        DeviceOpener realOpener = sim ? null : JavaSoundDevice.opener(dev, format, bufferFrames);
        SessionFolder.checkWritable(outDir);
        // Likewise the discipline guard, the PTP socket and the NTP server's port (real time).
        SyncEngineHost realSync = cfg.simulatedTime ? null : SyncEngineHost.open(syncOptions, SystemClock.platform());
        try {
            for (SessionRepair.Repaired r : SessionRepair.repairAll(outDir)) {
                stderr.println("tidemark: repaired " + r.sessionId() + "/" + r.path()
                        + " left by an interrupted recording (" + r.framesAfter() + " frames kept)");
            }
            return record(cfg, dev, format, bufferFrames, durationNs, rotateFrames, outDir, realOpener, syncOptions,
                    realSync);
        } finally {
            if (realSync != null) {
                realSync.close();
            }
        }
    }

    private static Duration parseDuration(String text, String flag) {
        try {
            return DurationParser.parse(text);
        } catch (RuntimeException e) {
            throw new UserError(flag + " " + text + " is not a duration", "use e.g. 60s, 90m, 2h, 1h30m, 3d");
        }
    }

    private SimulatedDeviceConfig simConfig(RecordConfig c, double bufferSeconds) {
        double perBuffer = bufferSeconds / 3600.0;
        try {
            return SimulatedDeviceConfig.defaults()
                    .withRatePpm(c.simPpm)
                    .withWanderPpmPerSqrtHour(c.simWander)
                    .withLatency(500_000L, Math.round(c.simLatencyMs * 1e6))
                    .withOutliers(c.simOutlierProbability, Math.round(c.simOutlierMs * 1e6))
                    .withFaultProbabilities(c.simDropouts * perBuffer, c.simOverruns * perBuffer,
                            c.simDisconnects * perBuffer)
                    .withDisconnectDurationNs(Math.round(c.simDisconnectMs * 1e6))
                    .withSeed(c.simSeed)
                    .withSignal(SimulatedDeviceConfig.Signal.valueOf(c.simSignal.toUpperCase()));
        } catch (IllegalArgumentException e) {
            throw new UserError("bad simulated-device setting: " + e.getMessage(), "see 'tidemark record --help'");
        }
    }

    private int record(RecordConfig cfg, String dev, CaptureFormat format, int bufferFrames, long durationNs,
                       long rotateFrames, Path outDir, DeviceOpener realOpener, SyncEngineHost.Options syncOptions,
                       SyncEngineHost realSync) throws Exception {
        boolean sim = realOpener == null;
        boolean simTime = cfg.simulatedTime;
        long startTrueNs;
        if (simTime && cfg.simStart != null) {
            try {
                Instant i = Instant.parse(cfg.simStart);
                startTrueNs = i.getEpochSecond() * 1_000_000_000L + i.getNano();
            } catch (RuntimeException e) {
                throw new UserError("--sim-start " + cfg.simStart + " is not an ISO-8601 UTC time",
                        "use e.g. 2026-11-21T19:30:00Z");
            }
        } else {
            startTrueNs = SystemClock.platform().realtimeNs();
        }
        String configJson = Json.MAPPER.writeValueAsString(cfg);
        Instant startUtc = Instant.ofEpochSecond(0, startTrueNs);
        String deviceLabel = sim ? SimulatedDevice.NAME : dev;
        try (SessionFolder folder = SessionFolder.create(outDir, startUtc, deviceLabel)) {
            Path dir = folder.dir();
            SimWorld world = null;
            SimulatedDevice.Opener simHardware = null;
            TimestampStore store = null;
            SyncEngineHost simSync = null;
            try {
                SystemClock clock;
                DeviceOpener opener;
                if (simTime) {
                    world = new SimWorld(startTrueNs, Math.round(cfg.simSysOffsetMs * 1e6), cfg.simSysPpm,
                            Math.round(cfg.simNtpJitterUs * 1e3), cfg.simSeed,
                            simConfig(cfg, bufferFrames / (double) format.sampleRateHz()), format, bufferFrames, dir);
                    clock = world.clock();
                    opener = world.device();
                    simHardware = world.device();
                } else {
                    clock = SystemClock.platform();
                    if (sim) {
                        simHardware = SimulatedDevice.opener(simConfig(cfg, bufferFrames / (double) format.sampleRateHz()),
                                format, bufferFrames, null, dir);
                        opener = simHardware;
                    } else {
                        opener = realOpener;
                    }
                }
                ClockReading start = clock.read();
                store = TimestampStore.create(dir, new SessionInfo(folder.sessionId(), deviceLabel, format.channels(),
                        format.sampleRateHz(), format.bitsPerSample(), bufferFrames, hostName(),
                        SoftwareVersion.get(), configJson, sim, start.realtimeNs(), start.monoRawNs(), null, null, null));
                store.setRealtimeSource(clock::realtimeNs);
                // The sync engine: every ClockEvent to clock_events, every NTP exchange to ntp_samples. The whole
                // command is a recording, so the engine never steps the clock, it only slews (bounded).
                SyncEngineHost sync;
                if (world != null) {
                    simSync = SyncEngineHost.simulated(syncOptions, world);
                    sync = simSync;
                } else {
                    sync = realSync;
                }
                sync.start(store, store, () -> true);
                NtpClient ntpClient = sync.ntpClient();
                if (ntpClient != null) {
                    TimestampStore s = store;
                    SystemClock c = clock;
                    ntpClient.onSelectionChange((from, to) -> {
                        ClockReading r = c.read();
                        s.addEvent(new SessionEvent(r.realtimeNs(), r.monoRawNs(), null, SessionEvent.NTP_SERVER_CHANGE,
                                "NTP source " + from + " -> " + to, null));
                    });
                    ntpClient.start();
                }
                CaptureDevice device;
                try {
                    device = opener.open();
                } catch (DeviceLostException e) {
                    throw new UserError("cannot open capture device '" + dev + "': " + e.getMessage(),
                            "check that it is connected and not in use, and see 'tidemark devices'");
                }
                LiveSampleUtc liveUtc = new LiveSampleUtc(format.sampleRateHz());
                AudioSink audioSink = cfg.audio.equals("none") ? BwfAudioSink.DISCARD
                        : new BwfAudioSink(new RotatingBwfWriter(dir, folder.sessionId(), format, rotateFrames, liveUtc,
                        store, BwfMetadata.defaults(), clock::realtimeNs));
                long bytesPerSecond = (long) format.sampleRateHz() * format.bytesPerFrame();
                RecordingSession.Options options = new RecordingSession.Options(durationNs, bufferFrames,
                        simTime ? 3_600_000_000_000L : 10_000_000_000L,
                        Math.max(4L << 20, 3 * bytesPerSecond + (1 << 20)),
                        Math.max(256L << 20, 1800 * bytesPerSecond), 10_000_000_000L);
                RecordingSession session = new RecordingSession(folder, store, opener, format, clock, sync.utc(),
                        sync.ptpTime(), audioSink, world != null ? world.pause() : RecordingSession.Pause.REAL,
                        options, listener(folder.sessionId(), format)).feeding(liveUtc).reportingHoldover(sync::holdover);
                Thread hook = new Thread(() -> {
                    session.requestStop();
                    try {
                        session.awaitFinished(20_000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "tidemark-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                stderr.println("tidemark: recording " + format + " from " + device.name() + " into " + dir
                        + (simTime ? " (simulated time)" : "") + "; sync engine: " + sync.describe());
                long wallStartNs = System.nanoTime();
                RecordingSession.Outcome outcome = session.run(device);
                long wallNs = System.nanoTime() - wallStartNs;
                SyncStatus syncStatus = sync.engine().status();
                sync.close();
                if (world != null) {
                    world.close();
                    world = null;
                } else if (simHardware != null) {
                    simHardware.close();
                }
                simHardware = null;
                store.close();
                store = null;
                printSummary(dir, outcome, wallNs, syncStatus);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Stopped by a signal: the hook is running and waits for us.
                }
                return switch (outcome.stopReason()) {
                    case COMPLETED, INTERRUPTED, END_OF_INPUT -> 0;
                    case DISK_FULL -> throw new UserError(outcome.message(),
                            "free space or record to another disk with --out; everything recorded so far is kept in " + dir);
                    case ERROR -> throw new IllegalStateException(outcome.message());
                };
            } finally {
                if (simSync != null) {
                    simSync.close();
                }
                if (world != null) {
                    world.close();
                } else if (simHardware != null) {
                    simHardware.close();
                }
                if (store != null) {
                    try {
                        store.close();
                    } catch (RuntimeException ignored) {
                        // Already reporting the first failure.
                    }
                }
            }
        }
    }

    private RecordingSession.Listener listener(String sessionId, CaptureFormat format) {
        return new RecordingSession.Listener() {
            @Override
            public void progress(RecordingSession.Progress p) {
                long s = p.elapsedNs() / 1_000_000_000L;
                stderr.printf("tidemark: %s %d:%02d:%02d recorded, %d buffers, %d frames lost, device %+.2f ppm%n",
                        sessionId, s / 3600, s / 60 % 60, s % 60, p.buffers(), p.lostFrames(), p.deviceRatePpm());
            }

            @Override
            public void warning(String line) {
                stderr.println("tidemark: warning: " + line);
            }
        };
    }

    private void printSummary(Path dir, RecordingSession.Outcome o, long wallNs, SyncStatus sync) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (SessionReader r = SessionReader.open(dir)) {
            m.put("session", dir.toString());
            m.put("sessionId", r.session().sessionId());
            m.put("stopReason", o.stopReason().dbName());
            m.put("buffers", r.bufferCount());
            m.put("frames", r.frames());
            m.put("files", r.files().size());
            m.put("deviceRatePpm", Double.isNaN(o.deviceRatePpm()) ? null : Math.round(o.deviceRatePpm() * 1000) / 1000.0);
            m.put("gaps", o.gaps());
            m.put("lostFrames", o.lostFrames());
            m.put("overruns", o.overruns());
            m.put("deviceLosses", o.deviceLosses());
            m.put("clockSteps", o.clockSteps());
            m.put("ntpSamples", r.ntpSampleCount());
            m.put("syncState", sync.state());
            m.put("disciplining", sync.disciplining());
            m.put("clockFrequencyPpm", Math.round(sync.frequencyPpm() * 1000) / 1000.0);
            m.put("recordedNs", o.elapsedNs());
            m.put("wallNs", wallNs);
        }
        if (json) {
            stdout.println(Json.write(m));
            return;
        }
        stdout.println("session:     " + m.get("session"));
        stdout.println("stopped:     " + m.get("stopReason"));
        stdout.println("buffers:     " + m.get("buffers"));
        stdout.println("frames:      " + m.get("frames"));
        stdout.println("files:       " + m.get("files"));
        stdout.println("device rate: " + (m.get("deviceRatePpm") == null ? "n/a"
                : String.format("%+.3f ppm against the system clock (CLOCK_MONOTONIC_RAW)", (Double) m.get("deviceRatePpm"))));
        stdout.println("gaps:        " + o.gaps() + " (" + o.lostFrames() + " frames lost), overruns: " + o.overruns()
                + ", device losses: " + o.deviceLosses() + ", clock steps: " + o.clockSteps());
        stdout.println("ntp samples: " + m.get("ntpSamples"));
        stdout.printf("sync:        %s (%s, frequency %+.3f ppm)%n", sync.state(),
                sync.disciplining() ? "disciplining" : "monitor only", sync.frequencyPpm());
        stdout.printf("took:        %.1f s wall for %.1f s recorded%n", wallNs / 1e9, o.elapsedNs() / 1e9);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
