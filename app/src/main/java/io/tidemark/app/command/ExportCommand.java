package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.ExportPlan;
import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.station.api.ExportRequest;
import io.tidemark.app.station.api.SpanExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;

/** {@code tidemark export SESSION --from UTC --to UTC [--channels LIST] [--resample] --out FILE.wav}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Cut a UTC interval out of a session into one Broadcast WAV (RF64 past 4 GiB) placed in UTC.")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "session folder, or deployment folder of sessions")
    Path session;

    @Option(names = "--from", required = true, paramLabel = "UTC", description = "start, ISO-8601 UTC")
    String from;

    @Option(names = "--to", required = true, paramLabel = "UTC", description = "end (exclusive), ISO-8601 UTC")
    String to;

    @Option(names = "--channels", split = ",", paramLabel = "LIST", description = "channels to keep, from 1 (default: all)")
    List<Integer> channels;

    @Option(names = "--resample", description = "resample onto exact UTC at the nominal rate (sample k at t0 + k/fs)")
    boolean resample;

    @Option(names = "--out", required = true, paramLabel = "FILE.wav", description = "output file (never overwritten)")
    Path out;

    @Mixin
    JsonOutput output;

    @Mixin
    DeploymentTargets targets;

    @Mixin
    CalibrationOption calibration;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        Exported e = export(session, Times.parseUtc(from), Times.parseUtc(to), channels, resample, targets.fill(), out,
                f -> System.err.printf("export: %.0f %%%n", f * 100), o, calibration.file());
        Exporter.Result r = e.result();
        TimeModel m = e.model();
        o.put("file", r.file().toString());
        o.put("frames", r.frames());
        o.put("firstUtcNs", r.firstUtcNs());
        o.put("firstUtc", Times.iso(r.firstUtcNs()));
        o.put("uncertaintyNs", Math.round(r.uncertaintyNs()));
        m.inputLatency().putInto(o);
        o.put("timeReference", r.timeReference());
        o.put("measuredRateHz", r.measuredRateHz());
        o.put("resampled", resample || o.containsKey("sessions"));
        o.put("bytes", r.bytes());
        o.put("megabytesPerSecond", r.bytes() / 1e6 / Math.max(1e-9, r.seconds()));
        output.print(o, List.of(), m.inputLatency().caveat());
        return 0;
    }

    /**
     * The station's export jobs ({@code POST /api/jobs/export}): this same export of the station's deployment folder,
     * so that a job writes the bytes {@code tidemark export DEPLOYMENT} writes for the same span.
     */
    public static SpanExporter.Written forStation(Path deployment, ExportRequest r, Path out, DoubleConsumer progress)
            throws java.io.IOException {
        Exported e = export(deployment, Times.parseUtc(r.fromUtc()), Times.parseUtc(r.toUtc()), r.channels(),
                r.resample(), r.fillGaps(), out, progress, new LinkedHashMap<>(), null);
        return new SpanExporter.Written(e.result().file(), e.result().frames(), e.result().firstUtcNs());
    }

    /** What an export wrote, and the model of the (first) session it came from, whose caveats apply. */
    public record Exported(Exporter.Result result, TimeModel model) {
    }

    /**
     * The export of {@code tidemark export}, for the CLI and the desktop app alike: [fromNs, toNs) of a session, or of a
     * deployment (inside one session as that session's export; across sessions resampled onto the UTC grid, gaps
     * refused or, with {@code fillGaps}, filled with silence). Adds "session" or "sessions" (and the filled spans) to
     * {@code o}; progress 0..1 goes to {@code progress}, which may throw to cancel. {@code calibrationOrNull}: --calibration.
     */
    public static Exported export(Path target, long fromNs, long toNs, List<Integer> channels, boolean resample,
                                  boolean fillGaps, Path out, DoubleConsumer progress, Map<String, Object> o,
                                  Path calibrationOrNull) throws java.io.IOException {
        Path dir = target;
        if (DeploymentTargets.isDeployment(target)) {
            Deployment d = DeploymentTargets.open(target);
            var one = DeploymentTargets.sessionHolding(d, fromNs, toNs);
            if (one.isPresent()) {
                dir = one.get().dir();
            } else {
                // Across sessions: always resampled onto the UTC grid, so that the output is exactly [from, to).
                int fs = d.sessions().get(0).sampleRateHz();
                long first = ExportPlan.gridAtOrAfter(fromNs, fs);
                long end = ExportPlan.gridAtOrAfter(toNs, fs);
                Exporter.Result r = DeploymentTargets.exportAcross(d, ExportPlan.gridNs(first, fs), end - first, channels,
                        out, "Export", fillGaps, progress, o, calibrationOrNull);
                @SuppressWarnings("unchecked")
                List<String> names = (List<String>) o.get("sessions");
                return new Exported(r, Models.load(target.resolve(names.get(0)), false, calibrationOrNull));
            }
        }
        TimeModel m = Models.load(dir, false, calibrationOrNull);
        o.put("session", dir.getFileName().toString());
        return new Exported(Exporter.export(dir, m, fromNs, toNs, channels, resample, out, progress), m);
    }
}
