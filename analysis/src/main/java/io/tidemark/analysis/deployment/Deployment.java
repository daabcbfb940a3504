package io.tidemark.analysis.deployment;

import io.tidemark.analysis.integrity.FileVerifier;
import io.tidemark.analysis.model.AbsoluteCorrection;
import io.tidemark.analysis.model.Calibration;
import io.tidemark.analysis.model.InputLatency;
import io.tidemark.analysis.model.ModelException;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.stamp.BufferStamp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A deployment: the folder that holds the sessions of one recording site, read as one timeline. The
 * sessions are ordered by their first sample's UTC; between consecutive ones lies a {@link Gap} with
 * its cause. Times come from each session's stored model where it is current, else from the live
 * estimate ({@link SessionTimes}): opening a deployment never fits a model. A folder that is itself
 * a session reads as a deployment of one.
 *
 * @param warnings one line per session that could not be read or holds no buffer (left out of the timeline)
 */
public record Deployment(Path dir, List<SessionSpan> sessions, List<Gap> gaps, FieldNotes notes, List<String> warnings) {

    public Deployment {
        sessions = List.copyOf(sessions);
        gaps = List.copyOf(gaps);
        warnings = List.copyOf(warnings);
    }

    /** Opens every session under {@code dir}; {@code progress} is told the sessions read so far. */
    public static Deployment open(Path dir, IntConsumer progress) {
        return open(dir, null, progress);
    }

    /**
     * The same, the absolute times corrected as {@link AbsoluteCorrection#forSession} says with
     * {@code calibrationOrNull} ({@code --calibration}): a session's own marks win, then the calibration given,
     * then the one a session carries.
     *
     * @throws ModelException when the calibration given cannot be read or is for another device or format (naming
     *                        the mismatch): a calibration asked for is never silently left out
     */
    public static Deployment open(Path dir, Path calibrationOrNull, IntConsumer progress) {
        if (!Files.isDirectory(dir)) {
            throw new DeploymentException("no folder at " + dir, "give a deployment folder (the folder that holds sessions)");
        }
        List<Path> dirs;
        try {
            dirs = FileVerifier.sessions(dir);
        } catch (IOException e) {
            throw new DeploymentException("cannot list " + dir + ": " + e.getMessage(), "check its permissions", e);
        }
        if (dirs.isEmpty()) {
            throw new DeploymentException(dir + " holds no session",
                    "give a deployment folder whose sub-folders hold session.db, or a session folder");
        }
        List<SessionSpan> spans = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int done = 0;
        for (Path d : dirs) {
            try {
                readSpan(d, calibrationOrNull).ifPresentOrElse(spans::add,
                        () -> warnings.add(d.getFileName() + ": no buffer recorded; left out of the timeline"));
            } catch (ModelException e) {
                if (calibrationOrNull != null) {
                    throw e;
                }
                warnings.add(d.getFileName() + ": cannot be read (" + e.getMessage() + "); left out of the timeline");
            } catch (SQLException | RuntimeException e) {
                warnings.add(d.getFileName() + ": cannot be read (" + e.getMessage() + "); left out of the timeline");
            }
            progress.accept(++done);
        }
        spans.sort(Comparator.comparingLong(SessionSpan::firstUtcNs));
        List<Gap> gaps = new ArrayList<>();
        for (int i = 1; i < spans.size(); i++) {
            gaps.add(Gap.between(spans.get(i - 1), spans.get(i)));
        }
        FieldNotes notes = FieldNotes.read(dir);
        warnings.addAll(notes.problems());
        return new Deployment(dir, spans, gaps, notes, warnings);
    }

    /** The session recording at {@code utcNs}, if any. */
    public Optional<SessionSpan> sessionAt(long utcNs) {
        int i = indexAtOrBefore(utcNs);
        return i >= 0 && sessions.get(i).contains(utcNs) ? Optional.of(sessions.get(i)) : Optional.empty();
    }

    /** The gap {@code utcNs} falls in, if any. */
    public Optional<Gap> gapAt(long utcNs) {
        int i = indexAtOrBefore(utcNs);
        return i >= 0 && i < gaps.size() && gaps.get(i).contains(utcNs) ? Optional.of(gaps.get(i)) : Optional.empty();
    }

    /** The index of the last session starting at or before {@code utcNs}, or -1. */
    public int indexAtOrBefore(long utcNs) {
        int lo = 0;
        int hi = sessions.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (sessions.get(mid).firstUtcNs() <= utcNs) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The gaps that overlap [fromUtcNs, toUtcNs). */
    public List<Gap> gapsWithin(long fromUtcNs, long toUtcNs) {
        return gaps.stream().filter(g -> g.startUtcNs() < toUtcNs && g.endUtcNs() > fromUtcNs).toList();
    }

    public List<IndexEntry> files() {
        return sessions.stream().flatMap(s -> s.files().stream()).toList();
    }

    /** One session's span, or empty when it holds no buffer; {@code calibrationOrNull}: as {@link #open(Path, Path, IntConsumer)}. */
    static Optional<SessionSpan> readSpan(Path dir, Path calibrationOrNull) throws SQLException {
        try (SessionReader r = SessionReader.open(dir)) {
            SessionInfo info = r.session();
            BufferStamp last = r.lastBuffer();
            if (last == null) {
                return Optional.empty();
            }
            long frames = last.sampleIndex() + last.frames();
            long firstSample = r.firstBuffer().sampleIndex();
            TimeModel model = TimeModelStore.loadStored(r).orElse(null);
            if (model != null) {
                // The session's own marks, the calibration given or the one it carries, as every command applies
                // them (a carried calibration that does not fit leaves the span as the stamps put it: query says
                // why; one given is refused, naming the mismatch)
                try {
                    AbsoluteCorrection c = AbsoluteCorrection.forSession(r, dir, model.model(), calibrationOrNull);
                    model = c == AbsoluteCorrection.NONE ? model : model.withCorrection(c);
                } catch (ModelException e) {
                    if (calibrationOrNull != null) {
                        throw e;
                    }
                } catch (io.tidemark.common.TidemarkException e) {
                    // keep the uncorrected model
                }
            } else if (calibrationOrNull != null) {
                // The live estimate takes no correction, but a calibration for another setup is refused all the same
                Calibration.read(calibrationOrNull).correctionFor(info, calibrationOrNull);
            }
            SessionTimes times = SessionTimes.of(r, model, info.sampleRateHz(), info.bufferFrames());
            try {
                List<FileRow> rows = r.files();
                List<IndexEntry> files = FileIndex.of(info.sessionId(), rows, times);
                long firstUtc = times.utcNsAt(firstSample);
                long endUtc = times.endUtcNs(frames);
                long uncertainty = Math.max(times.uncertaintyNs(firstSample), times.uncertaintyNs(frames - 1));
                return Optional.of(new SessionSpan(dir, info.sessionId(), info.sampleRateHz(), info.channels(),
                        info.bitsPerSample(), info.startRealtimeNs(), frames, firstUtc, endUtc, uncertainty, times.source(),
                        info.stopReason(), r.bootId().orElse(null), endedOnDeviceLoss(r), r.channelNames(), files,
                        model == null ? InputLatency.NONE : model.inputLatency()));
            } finally {
                times.close();
            }
        }
    }

    /** Whether the session's last device event is a loss (no reopen after it). */
    private static boolean endedOnDeviceLoss(SessionReader r) throws SQLException {
        try (Statement s = r.connection().createStatement(); ResultSet q = s.executeQuery(
                "SELECT kind FROM events WHERE kind IN ('device_lost', 'device_reopened', 'device_opened')"
                        + " ORDER BY id DESC LIMIT 1")) {
            return q.next() && "device_lost".equals(q.getString(1));
        }
    }
}
