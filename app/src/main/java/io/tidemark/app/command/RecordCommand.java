package io.tidemark.app.command;

import io.tidemark.app.cli.UserError;
import io.tidemark.app.record.RecordOptions;
import io.tidemark.app.record.Recording;
import io.tidemark.common.Json;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.sync.engine.SyncStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark record}: one session from a capture device into OUT/&lt;session-id&gt;/. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Records a session: audio as Broadcast WAV, every buffer's timestamps in SQLite.")
public final class RecordCommand implements Callable<Integer> {

    @Mixin
    RecordOptions options;

    PrintStream stdout = System.out;
    PrintStream stderr = System.err;

    @Override
    public Integer call() throws Exception {
        try (Recording recording = Recording.start(options, line -> stderr.println("tidemark: " + line))) {
            Recording.Result result = recording.run();
            RecordingSession.Outcome outcome = result.outcome();
            printSummary(result.dir(), outcome, result.wallNs(), result.syncStatus());
            return switch (outcome.stopReason()) {
                case COMPLETED, INTERRUPTED, USER_STOPPED, END_OF_INPUT -> 0;
                case DISK_FULL -> throw new UserError(outcome.message(),
                        "free space or record to another disk with --out; everything recorded so far is kept in "
                                + result.dir());
                case ERROR -> throw new IllegalStateException(outcome.message());
            };
        }
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
        if (options.jsonSummary()) {
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
}
