package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.ExportPlan;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.analysis.export.Exporter;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.store.TimestampStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * What query, export and align share to accept a DEPLOYMENT as well as a SESSION: telling the two
 * apart, finding the session of an instant, and the {@code --fill-gaps} option (a picocli mixin, so
 * that the three commands parse it in one place).
 */
public final class DeploymentTargets {

    @Option(names = "--fill-gaps", paramLabel = "MODE",
            description = "for a DEPLOYMENT: fill gaps between sessions with 'silence' (default: refuse and name the gap)")
    String fillGaps;

    boolean fill() {
        if (fillGaps != null && !fillGaps.equals("silence")) {
            throw new UserError("unknown --fill-gaps '" + fillGaps + "'", "give --fill-gaps silence");
        }
        return fillGaps != null;
    }

    /** True when {@code target} is one session's folder (it holds session.db). */
    static boolean isSession(Path target) {
        return Files.isRegularFile(target.resolve(TimestampStore.FILE_NAME));
    }

    /** True when {@code target} is a folder but not a session: read as a deployment (a missing folder stays the session error). */
    static boolean isDeployment(Path target) {
        return Files.isDirectory(target) && !isSession(target);
    }

    static Deployment open(Path target) {
        return open(target, null);
    }

    /** The same, the absolute times corrected with {@code --calibration} (null: the sessions' own marks or carried one). */
    static Deployment open(Path target, Path calibrationOrNull) {
        return Deployment.open(target, calibrationOrNull, n -> {
            if (n % 50 == 0) {
                System.err.printf("reading the deployment: %d sessions%n", n);
            }
        });
    }

    /** The session of a deployment that recorded all of [fromUtcNs, toUtcNs), if one did. */
    static Optional<SessionSpan> sessionHolding(Deployment d, long fromUtcNs, long toUtcNs) {
        return d.sessionAt(fromUtcNs).filter(s -> toUtcNs <= s.endUtcNs());
    }

    /**
     * A resampled cut of a deployment over output frames at firstUtcNs + k/fs, across sessions (gaps
     * refused or filled as asked); the filled spans are added to {@code out}.
     */
    Exporter.Result exportAcross(Deployment d, long firstUtcNs, long frames, List<Integer> channels, Path file,
                                 String purpose, String progressName, Map<String, Object> out, Path calibrationOrNull)
            throws IOException {
        return exportAcross(d, firstUtcNs, frames, channels, file, purpose, fill(),
                f -> System.err.printf("%s: %.0f %%%n", progressName, f * 100), out, calibrationOrNull);
    }

    /** The same, for callers without the option (the desktop app): {@code fill} silence, progress 0..1 to {@code progress}. */
    static Exporter.Result exportAcross(Deployment d, long firstUtcNs, long frames, List<Integer> channels, Path file,
                                        String purpose, boolean fill, DoubleConsumer progress, Map<String, Object> out,
                                        Path calibrationOrNull) throws IOException {
        int fs = d.sessions().get(0).sampleRateHz();
        ExportPlan plan = ExportPlan.of(d, s -> Models.load(s.dir(), false, calibrationOrNull), firstUtcNs, frames, fs, fill);
        List<String> notes = plan.filled().stream().map(ExportPlan.Filled::describe).toList();
        Exporter.Result r = Exporter.exportPieces(plan.pieces(), firstUtcNs, channels, file, purpose, notes, progress);
        out.put("sessions", plan.pieces().stream().filter(p -> !p.silence()).map(p -> p.sessionDir().getFileName().toString())
                .toList());
        out.put("filledWithSilence", plan.filled().stream().map(f -> Map.of("startUtc", Times.iso(f.startUtcNs()),
                "endUtc", Times.iso(f.endUtcNs()), "frames", f.frames(), "gapCause", f.gap().cause().text)).toList());
        return r;
    }
}
