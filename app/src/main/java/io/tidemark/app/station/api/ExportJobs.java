package io.tidemark.app.station.api;

import io.tidemark.common.TidemarkException;
import io.tidemark.common.UtcNanos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The station's export jobs ({@code /api/jobs}): one at a time, on one thread that yields to capture
 * ({@link BackgroundPriority}), each writing a new file into {@code DEPLOYMENT/exports/} (never over one). A job
 * that fails or is cancelled removes the file it had begun; nothing else is ever removed, and only a finished
 * job's own file on request. Ids are random, so that only who started a job can fetch its file.
 */
public final class ExportJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);
    /** Finished jobs remembered for GET; the oldest are forgotten first (their files stay). */
    static final int KEPT = 32;
    static final String FOLDER = "exports";

    private final Path deployment;
    private final Path folder;
    private final SpanExporter exporter;
    private final java.util.function.LongSupplier recordingSecondsLeft;
    private final long reserveS;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(() -> {
            BackgroundPriority.lowerThisThread();
            r.run();
        }, "export-job");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Job> jobs = new LinkedHashMap<>(); // guarded by this
    private Job running; // guarded by this

    public ExportJobs(Path deployment, SpanExporter exporter) {
        this(deployment, exporter, () -> Long.MAX_VALUE, 0);
    }

    /**
     * As above, and a job stops (its file removed) when it would leave the recording less than {@code reserveS} of
     * disk, as {@code recordingSecondsLeft} counts it: checked as it starts and at each progress report (about once
     * a second of work), so that an export never takes the recording's space.
     */
    public ExportJobs(Path deployment, SpanExporter exporter, java.util.function.LongSupplier recordingSecondsLeft,
                      long reserveS) {
        this.deployment = deployment;
        this.folder = deployment.resolve(FOLDER);
        this.exporter = exporter;
        this.recordingSecondsLeft = recordingSecondsLeft;
        this.reserveS = reserveS;
    }

    private void checkDisk() {
        long leftS = recordingSecondsLeft.getAsLong();
        if (leftS < reserveS) {
            throw new TidemarkException("the station's disk holds only " + leftS + " s of recording, less than the "
                    + reserveS + " s it keeps free (health.diskMinFree); the export stopped",
                    "free space on the station, or export a shorter span");
        }
    }

    /** Refused: another job runs (one at a time, so that exports never pile up on the station's disk and CPU). */
    public static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    /** Starts an export; its status as it begins. */
    public synchronized JobStatus start(ExportRequest request) throws Busy, IOException {
        if (running != null && !running.ended()) {
            throw new Busy("job " + running.id + " is still running; wait for it, or cancel it with DELETE /api/jobs/"
                    + running.id);
        }
        Files.createDirectories(folder);
        String id = HexFormat.of().formatHex(bytes(12));
        Job job = new Job(id, request, freeName(request));
        jobs.put(id, job);
        while (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        running = job;
        job.future = thread.submit(() -> run(job));
        return job.status();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public synchronized Optional<JobStatus> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::status);
    }

    /** The file of a finished job, if {@code id} is one. */
    public synchronized Optional<Path> file(String id) {
        Job j = jobs.get(id);
        return j != null && j.state.equals(JobStatus.DONE) ? Optional.of(j.out) : Optional.empty();
    }

    /**
     * Cancels a running job (waiting up to {@code waitMs} for it to end and remove its file), or forgets an ended
     * one, removing a finished job's file (the station's copy, once fetched). Empty for an unknown id.
     */
    public Optional<JobStatus> cancel(String id, long waitMs) throws InterruptedException, IOException {
        Job j;
        synchronized (this) {
            j = jobs.get(id);
            if (j == null) {
                return Optional.empty();
            }
            if (j.ended()) {
                jobs.remove(id);
                if (j.state.equals(JobStatus.DONE)) {
                    Files.deleteIfExists(j.out);
                }
                return Optional.of(j.status());
            }
            j.cancelled = true;
            j.future.cancel(true); // the interrupt ends its file reads and writes at once
        }
        j.ended.await(waitMs, TimeUnit.MILLISECONDS);
        return Optional.of(j.status());
    }

    private void run(Job j) {
        try {
            if (j.cancelled) {
                throw new CancellationException();
            }
            checkDisk();
            SpanExporter.Written w = exporter.export(deployment, j.request, j.out, f -> {
                if (j.cancelled || Thread.currentThread().isInterrupted()) {
                    throw new CancellationException();
                }
                checkDisk();
                j.progress = f;
            });
            j.frames = w.frames();
            j.firstUtc = UtcNanos.toInstant(w.firstUtcNs()).toString();
            j.bytes = Files.size(j.out);
            j.progress = 1.0;
            j.state = JobStatus.DONE;
            log.info("export job {} wrote {} ({} frames)", j.id, j.out, j.frames);
        } catch (Throwable e) {
            removeBegun(j);
            if (j.cancelled) {
                j.state = JobStatus.CANCELLED;
            } else {
                j.error = oneLine(e);
                j.state = JobStatus.FAILED;
                if (!(e instanceof TidemarkException)) {
                    log.warn("export job {} failed", j.id, e);
                }
            }
        } finally {
            Thread.interrupted(); // a cancel's interrupt must not reach the next job
            j.ended.countDown();
        }
    }

    /** The file the job began; it was free when the job started, so whatever is there now is the job's. */
    private static void removeBegun(Job j) {
        try {
            Files.deleteIfExists(j.out);
        } catch (IOException e) {
            log.warn("could not remove the unfinished export {}: {}", j.out, e.toString());
        }
    }

    /**
     * exports/NAME.wav (the request's name as a plain file name), else exports/export-FROM-TO.wav; numbered when
     * taken: never over a file.
     */
    private Path freeName(ExportRequest r) {
        String base = r.name() == null || r.name().isBlank() ? "export-" + compact(r.fromUtc()) + "-" + compact(r.toUtc())
                : plainName(r.name());
        Path p = folder.resolve(base + ".wav");
        for (int n = 2; Files.exists(p) || reserved(p); n++) {
            p = folder.resolve(base + "-" + n + ".wav");
        }
        return p;
    }

    private boolean reserved(Path p) {
        return jobs.values().stream().anyMatch(j -> j.out.equals(p) && !j.ended());
    }

    /** A client's file name without its folder, .wav and anything a path could use ("../x" is "x"). */
    static String plainName(String name) {
        String s = name.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        if (s.toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
            s = s.substring(0, s.length() - 4);
        }
        s = s.replaceAll("[^0-9A-Za-z._-]", "_").replaceAll("^\\.+", "");
        s = s.length() > 100 ? s.substring(0, 100) : s;
        return s.isEmpty() ? "export" : s;
    }

    /** A time as a file name may carry it: digits, letters and the decimal point (no separator can get through). */
    static String compact(String utc) {
        String s = utc == null ? "" : utc.replaceAll("[^0-9A-Za-z.]", "");
        s = s.length() > 32 ? s.substring(0, 32) : s;
        return s.isEmpty() ? "x" : s;
    }

    static String oneLine(Throwable e) {
        while (e.getCause() != null && !(e instanceof TidemarkException)
                && (e instanceof java.util.concurrent.ExecutionException || e instanceof java.io.UncheckedIOException
                || e instanceof java.util.concurrent.CompletionException)) {
            e = e.getCause();
        }
        if (e instanceof TidemarkException t) {
            return t.oneLine();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Cancels a running job (its file removed) and stops the thread: the station is stopping. */
    @Override
    public void close() {
        Job j;
        synchronized (this) {
            j = running;
            if (j != null && !j.ended()) {
                j.cancelled = true;
            }
        }
        thread.shutdownNow();
        if (j != null) {
            try {
                j.ended.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Job {
        final String id;
        final ExportRequest request;
        final Path out;
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Future<?> future;
        volatile boolean cancelled;
        volatile String state = JobStatus.RUNNING;
        volatile double progress;
        volatile Long frames;
        volatile Long bytes;
        volatile String firstUtc;
        volatile String error;

        Job(String id, ExportRequest request, Path out) {
            this.id = id;
            this.request = request;
            this.out = out;
        }

        boolean ended() {
            return ended.getCount() == 0;
        }

        JobStatus status() {
            String s = state;
            return new JobStatus(id, "export", s, progress, request.fromUtc(), request.toUtc(), out.toString(),
                    frames, bytes, firstUtc, error);
        }
    }
}
