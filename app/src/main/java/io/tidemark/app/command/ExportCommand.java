package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.ExportPlan;
import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.JsonOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

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
        long fromNs = Times.parseUtc(from);
        long toNs = Times.parseUtc(to);
        Map<String, Object> o = new LinkedHashMap<>();
        Path dir = session;
        Exporter.Result r = null;
        if (DeploymentTargets.isDeployment(session)) {
            Deployment d = DeploymentTargets.open(session);
            var one = DeploymentTargets.sessionHolding(d, fromNs, toNs);
            if (one.isPresent()) {
                dir = one.get().dir();
            } else {
                // Across sessions: always resampled onto the UTC grid, so that the output is exactly [from, to).
                long first = ExportPlan.gridAtOrAfter(fromNs, d.sessions().get(0).sampleRateHz());
                long end = ExportPlan.gridAtOrAfter(toNs, d.sessions().get(0).sampleRateHz());
                int fs = d.sessions().get(0).sampleRateHz();
                r = targets.exportAcross(d, ExportPlan.gridNs(first, fs), end - first, channels, out, "Export", "export", o,
                        calibration.file());
            }
        }
        TimeModel m = Models.load(r == null ? dir : session(r, o, session), false, calibration.file());
        if (r == null) {
            o.put("session", dir.getFileName().toString());
            r = Exporter.export(dir, m, fromNs, toNs, channels, resample, out,
                    f -> System.err.printf("export: %.0f %%%n", f * 100));
        }
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

    /** The first session a cut across sessions came from (its model gives the caveats). */
    private static Path session(Exporter.Result r, Map<String, Object> o, Path deployment) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) o.get("sessions");
        return deployment.resolve(names.get(0));
    }
}
