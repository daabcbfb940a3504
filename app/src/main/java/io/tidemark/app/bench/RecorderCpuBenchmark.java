package io.tidemark.app.bench;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.session.AudioSink;
import io.tidemark.recorder.session.BwfAudioSink;
import io.tidemark.recorder.session.LiveSampleUtc;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.session.SessionFolder;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.common.Json;
import io.tidemark.app.cli.CommandLines;
import io.tidemark.app.command.RecordCommand;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What recording 8 ch / 48 kHz / 24-bit costs, in CPU. Prints a table, or JSON with {@code --json}.
 * <ol>
 * <li><b>The recording path</b> (capture read → stamp → timestamp store → BWF writer, header syncs):
 * {@link RecordingSession} with the real store and writer, fed by a {@link ReplayDevice} that hands
 * out one pre-generated buffer (a memcpy per read, like a driver), without the sync engine.
 * <ul>
 * <li>unpaced: {@code --buffers} 100 ms buffers as fast as they go; CPU per buffer, times 10 buffers/s;</li>
 * <li>real time: {@code --seconds} paced at the nominal rate; CPU over audio time.</li>
 * </ul>
 * CPU is split by thread: the capture loop, the store's writer, the header sync, and the JVM
 * itself (process CPU minus its Java threads: GC, JIT compiler, VM thread). Measured between two
 * progress reports, so set-up, JIT warm-up and close are left out.</li>
 * <li><b>{@code tidemark record --device sim}</b> in real time, whole process over the whole run:
 * also the simulated device (faults, clicks, latency draws, its truth, a nap every 2 ms) and the
 * sync engine.</li>
 * <li>The wall time of a {@code --sim-hours} simulated-time session (stamps only), and the size of
 * the session.db it leaves (all tables, WAL checkpointed) per buffer row and per day.</li>
 * </ol>
 * CPU comes from the kernel's accounting (thread and process CPU time); on a virtual machine whose
 * host is busy it includes time the vCPU was stolen, so it overstates.
 * {@code java -cp "installer/target/app/lib/*" io.tidemark.app.bench.RecorderCpuBenchmark [--json] [--seconds 30] [--buffers 2000] [--sim-hours 24]}
 */
public final class RecorderCpuBenchmark {

    static final CaptureFormat FORMAT = new CaptureFormat(8, 48_000, 24);
    static final int BUFFER_FRAMES = 4_800;

    private RecorderCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = false;
        int seconds = 30;
        int buffers = 2_000;
        int simHours = 24;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--buffers" -> buffers = Integer.parseInt(args[++i]);
                case "--sim-hours" -> simHours = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("tidemark-cpu-bench");
        PrintStream out = System.out;
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            System.err.println("recorder-cpu: recording path, unpaced (" + buffers + " buffers)...");
            PathCost unpaced = recordingPath(tmp.resolve("unpaced"), false, (long) buffers * BUFFER_FRAMES, 20_000_000L);
            double buffersPerSecond = FORMAT.sampleRateHz() / (double) BUFFER_FRAMES;
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("buffers", unpaced.buffers());
            u.put("buffersPerWallSecond", round1(unpaced.buffers() / (unpaced.wallNs() / 1e9)));
            unpaced.cpuNs().forEach((k, v) -> u.put(k + "UsPerBuffer", round1(v / 1e3 / unpaced.buffers())));
            u.put("percentOfOneCoreAt10BuffersPerSecond",
                    round3(100.0 * unpaced.cpuNs().get("total") / unpaced.buffers() * buffersPerSecond / 1e9));
            m.put("recordingPathUnpaced", u);

            System.err.println("recorder-cpu: recording path, real time (" + seconds + " s)...");
            PathCost paced = recordingPath(tmp.resolve("paced"), true,
                    FORMAT.framesIn((seconds + 3) * 1_000_000_000L), 1_000_000_000L);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("audioSeconds", round1(paced.audioSeconds()));
            p.put("wallSeconds", round1(paced.wallNs() / 1e9));
            paced.cpuNs().forEach((k, v) -> p.put(k + "PercentOfOneCore", round3(100.0 * v / 1e9 / paced.audioSeconds())));
            m.put("recordingPathRealTime", p);

            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            System.err.println("recorder-cpu: tidemark record --device sim (" + seconds + " s)...");
            long cpu0 = processCpuNs();
            long wall0 = System.nanoTime();
            int code = CommandLines.of(new RecordCommand()).execute("--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                    "--duration", seconds + "s", "--out", tmp.resolve("rt").toString());
            long wallNs = System.nanoTime() - wall0;
            long cpuNs = processCpuNs() - cpu0;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("exitCode", code);
            r.put("seconds", seconds);
            r.put("percentOfOneCore", round1(100.0 * cpuNs / wallNs));
            m.put("recordCommandSimDevice", r);

            System.err.println("recorder-cpu: " + simHours + " h in simulated time...");
            long s0 = System.nanoTime();
            code = CommandLines.of(new RecordCommand()).execute("--device", "sim", "--channels", "8", "--rate", "48000", "--bits", "24",
                    "--duration", simHours + "h", "--simulated-time", "--audio", "none", "--out",
                    tmp.resolve("sim").toString());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("exitCode", code);
            s.put("hours", simHours);
            s.put("wallSeconds", round1((System.nanoTime() - s0) / 1e9));
            // The database a real (simulated-time) session leaves, WAL checkpointed by the close.
            Path db;
            try (Stream<Path> found = Files.walk(tmp.resolve("sim"))) {
                db = found.filter(f -> f.getFileName().toString().equals(TimestampStore.FILE_NAME)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("the simulated session left no database"));
            }
            Path wal = db.resolveSibling(TimestampStore.FILE_NAME + "-wal");
            long dbBytes = Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0);
            long rows;
            try (SessionReader reader = SessionReader.open(db)) {
                rows = reader.bufferCount();
            }
            s.put("bufferRows", rows);
            s.put("dbBytes", dbBytes);
            s.put("dbBytesPerBufferRow", round1(dbBytes / (double) rows));
            s.put("dbBytesPerDay", Math.round(dbBytes * 24.0 / simHours));
            m.put("simulatedTime", s);
        } finally {
            System.setOut(out);
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // Temporary files only.
            }
        }
        if (json) {
            System.out.println(Json.write(m));
        } else {
            printTable(m, seconds);
        }
    }

    @SuppressWarnings("unchecked")
    private static void printTable(Map<String, Object> m, int seconds) {
        Map<String, Object> u = (Map<String, Object>) m.get("recordingPathUnpaced");
        Map<String, Object> p = (Map<String, Object>) m.get("recordingPathRealTime");
        Map<String, Object> r = (Map<String, Object>) m.get("recordCommandSimDevice");
        Map<String, Object> s = (Map<String, Object>) m.get("simulatedTime");
        System.out.println("| figure (8 ch / 48 kHz / 24-bit, 100 ms buffers) | value |");
        System.out.println("|---|---|");
        System.out.printf("| recording path, unpaced (%s buffers, %s buffers/s): CPU per buffer, capture / store / "
                        + "header sync / JVM / total | %s / %s / %s / %s / %s µs |%n", u.get("buffers"),
                u.get("buffersPerWallSecond"), u.get("captureUsPerBuffer"), u.get("storeUsPerBuffer"),
                u.get("headerSyncUsPerBuffer"), u.get("jvmUsPerBuffer"), u.get("totalUsPerBuffer"));
        System.out.printf("| recording path, unpaced: share of one core at 10 buffers/s | %s %% |%n",
                u.get("percentOfOneCoreAt10BuffersPerSecond"));
        System.out.printf("| recording path, real time (%s s of audio in %s s): capture / store / header sync / JVM "
                        + "| %s / %s / %s / %s %% of one core |%n", p.get("audioSeconds"), p.get("wallSeconds"),
                p.get("capturePercentOfOneCore"), p.get("storePercentOfOneCore"), p.get("headerSyncPercentOfOneCore"),
                p.get("jvmPercentOfOneCore"));
        System.out.printf("| recording path, real time: total | %s %% of one core |%n", p.get("totalPercentOfOneCore"));
        System.out.printf("| tidemark record --device sim, real time (%d s, whole process: sim device, sync engine) "
                + "| %s %% of one core |%n", seconds, r.get("percentOfOneCore"));
        System.out.printf("| %s h simulated session (stamps only), wall | %s s |%n", s.get("hours"), s.get("wallSeconds"));
        System.out.printf("| its session.db: buffer rows, bytes (all tables, WAL checkpointed), bytes per buffer row "
                + "| %s rows, %s B, %s B/row |%n", s.get("bufferRows"), s.get("dbBytes"), s.get("dbBytesPerBufferRow"));
        System.out.printf("| session.db bytes per recorded day (100 ms buffers) | %s B |%n", s.get("dbBytesPerDay"));
    }

    /** CPU by part over the measured window, the buffers and audio in it, and its wall time. */
    record PathCost(Map<String, Long> cpuNs, long buffers, double audioSeconds, long wallNs) {
    }

    /**
     * Records {@code frames} from a {@link ReplayDevice} through the real recording path into
     * {@code out}, and measures between the first and the last progress report.
     */
    static PathCost recordingPath(Path out, boolean paced, long frames, long progressIntervalNs) throws Exception {
        Files.createDirectories(out);
        SystemClock clock = SystemClock.platform();
        List<CpuSnapshot> snapshots = new ArrayList<>();
        List<RecordingSession.Progress> progress = new ArrayList<>();
        Thread capture = Thread.currentThread();
        RecordingSession.Listener listener = new RecordingSession.Listener() {
            @Override
            public void progress(RecordingSession.Progress pr) {
                snapshots.add(CpuSnapshot.take(capture));
                progress.add(pr);
            }

            @Override
            public void warning(String line) {
                System.err.println("recorder-cpu: " + line);
            }
        };
        ClockReading start = clock.read();
        try (SessionFolder folder = SessionFolder.create(out, UtcNanos.toInstant(start.realtimeNs()), "replay")) {
            TimestampStore store = TimestampStore.create(folder.dir(), new SessionInfo(folder.sessionId(), "replay",
                    FORMAT.channels(), FORMAT.sampleRateHz(), FORMAT.bitsPerSample(), BUFFER_FRAMES, "bench", "bench",
                    "{}", false, start.realtimeNs(), start.monoRawNs(), null, null, null));
            try {
                store.setRealtimeSource(clock::realtimeNs);
                LiveSampleUtc liveUtc = new LiveSampleUtc(FORMAT.sampleRateHz());
                AudioSink audio = new BwfAudioSink(new RotatingBwfWriter(folder.dir(), folder.sessionId(), FORMAT,
                        3600L * FORMAT.sampleRateHz(), liveUtc, store, BwfMetadata.defaults(), clock::realtimeNs));
                ReplayDevice device = new ReplayDevice(FORMAT, BUFFER_FRAMES, paced);
                long durationNs = frames * 1_000_000_000L / FORMAT.sampleRateHz();
                RecordingSession session = new RecordingSession(folder, store, () -> device, FORMAT, clock,
                        ReferenceTime.NONE, ReferenceTime.NONE, audio, RecordingSession.Pause.REAL,
                        new RecordingSession.Options(durationNs, BUFFER_FRAMES, progressIntervalNs, 4L << 20,
                                256L << 20, 10_000_000_000L), listener).feeding(liveUtc);
                RecordingSession.Outcome o = session.run(device);
                if (o.stopReason() != RecordingSession.StopReason.COMPLETED) {
                    throw new IllegalStateException("the benchmark recording stopped: " + o.stopReason() + " " + o.message());
                }
            } finally {
                store.close();
            }
        }
        // Skip the first report (JIT warm-up); at least two must remain.
        if (snapshots.size() < 3) {
            throw new IllegalStateException("too few progress reports (" + snapshots.size() + ") to measure; record longer");
        }
        CpuSnapshot a = snapshots.get(1);
        CpuSnapshot b = snapshots.get(snapshots.size() - 1);
        RecordingSession.Progress pa = progress.get(1);
        RecordingSession.Progress pb = progress.get(progress.size() - 1);
        return new PathCost(b.minus(a), pb.buffers() - pa.buffers(),
                (pb.frames() - pa.frames()) / (double) FORMAT.sampleRateHz(), b.wallNs() - a.wallNs());
    }

    /** CPU time so far of the process and of its Java threads, grouped by the part of the recorder they run. */
    record CpuSnapshot(long wallNs, long processNs, Map<String, Long> javaThreadNs) {

        static CpuSnapshot take(Thread capture) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<String, Long> parts = new HashMap<>();
            for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (t == null) {
                    continue;
                }
                long ns = mx.getThreadCpuTime(t.getThreadId());
                if (ns < 0) {
                    continue;
                }
                String part = t.getThreadId() == capture.getId() ? "capture"
                        : t.getThreadName().startsWith("timestamp-store") ? "store"
                        : t.getThreadName().equals("header-sync") ? "headerSync" : "otherJava";
                parts.merge(part, ns, Long::sum);
            }
            return new CpuSnapshot(System.nanoTime(), processCpuNs(), parts);
        }

        /** This minus an earlier snapshot: capture, store, headerSync, jvm (all the rest), total. */
        Map<String, Long> minus(CpuSnapshot earlier) {
            Map<String, Long> d = new LinkedHashMap<>();
            long java = 0;
            for (String part : List.of("capture", "store", "headerSync")) {
                long ns = javaThreadNs.getOrDefault(part, 0L) - earlier.javaThreadNs.getOrDefault(part, 0L);
                d.put(part, ns);
                java += ns;
            }
            long total = processNs - earlier.processNs;
            d.put("jvm", total - java);
            d.put("total", total);
            return d;
        }
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
