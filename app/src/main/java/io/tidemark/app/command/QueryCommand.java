package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.analysis.model.ClockSegment;
import io.tidemark.analysis.model.SampleUtcModel;
import io.tidemark.analysis.model.UtcSegment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark query SESSION (--sample N | --utc T | --summary) [--json]}. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "The UTC time of a sample, the sample at a UTC instant, or a summary of the session's time model.")
public final class QueryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "session folder, or deployment folder of sessions")
    Path session;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--sample", paramLabel = "N", description = "sample index since the session start")
        Long sample;
        @Option(names = "--utc", paramLabel = "T", description = "UTC instant, ISO-8601 (2026-11-21T19:30:00.123456Z)")
        String utc;
        @Option(names = "--summary", description = "segments, gaps, sync states and NTP health")
        boolean summary;
        @Option(names = "--utc-from", paramLabel = "FILE", description = "one UTC instant per line: one answer per line")
        Path utcFrom;
        @Option(names = "--samples-from", paramLabel = "FILE", description = "one sample index per line (a session only)")
        Path samplesFrom;
    }

    @Option(names = "--csv", description = "with --utc-from/--samples-from: CSV rows (default text; --json: JSON lines)")
    boolean csv;

    @Mixin
    JsonOutput output;

    @Mixin
    CalibrationOption calibration;

    @Option(names = "--refit", description = "fit the model again even if a current one is stored")
    boolean refit;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (what.utcFrom != null || what.samplesFrom != null) {
            QueryBatch.Format f = output.json() ? QueryBatch.Format.JSON : csv ? QueryBatch.Format.CSV : QueryBatch.Format.TEXT;
            int bad = new QueryBatch(DeploymentTargets.open(session), calibration.file()).run(what.utcFrom != null ? what.utcFrom : what.samplesFrom,
                    what.samplesFrom != null, f, System.out);
            return bad == 0 ? 0 : 1;
        }
        String sessionName = null;
        if (DeploymentTargets.isDeployment(session)) {
            if (what.utc == null) {
                throw new UserError(session + " is a deployment, where only --utc, --utc-from are answered",
                        "give a session folder for --sample/--summary, or see 'tidemark index' and 'tidemark summary'");
            }
            Deployment d = DeploymentTargets.open(session);
            long t = Times.parseUtc(what.utc);
            Map<String, Object> row = new QueryBatch(d, calibration.file()).answerUtc(t);
            if (row.get("problem") != null) {
                throw new UserError(Times.iso(t) + " is " + row.get("problem"), "see 'tidemark index " + session + "'");
            }
            sessionName = (String) row.get("session");
            session = session.resolve(sessionName);
        }
        TimeModel m = Models.load(session, refit, calibration.file());
        Map<String, Object> out;
        if (what.sample != null) {
            out = sample(m, what.sample);
        } else if (what.utc != null) {
            out = utc(m, Times.parseUtc(what.utc));
            if (sessionName != null) {
                out.put("session", sessionName);
            }
        } else {
            out = summary(m);
        }
        out.put("utcSource", m.utcSource());
        m.inputLatency().putInto(out);
        if (!m.warnings().isEmpty()) {
            out.put("warnings", m.warnings());
        }
        out.put("elapsedMs", (System.nanoTime() - t0) / 1e6);
        output.print(out, m.warnings(), m.inputLatency().caveat());
        return 0;
    }

    static Map<String, Object> sample(TimeModel m, long sample) {
        SampleUtcModel model = m.model();
        ClockSegment seg = model.clockSegmentAt(sample);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sample", sample);
        long utc = model.utcNsAt(sample);
        o.put("utcNs", utc);
        o.put("utc", Times.iso(utc));
        o.put("uncertaintyNs", Math.round(model.uncertaintyNsAt(sample)));
        if (!seg.contains(sample)) {
            o.put("note", "sample " + sample + " is outside the recorded samples; the time is extrapolated");
        }
        FileRow f = m.fileAt(sample);
        o.put("file", f == null ? null : f.path());
        o.put("sampleInFile", f == null ? null : sample - f.firstSampleIndex());
        o.put("segment", model.clockSegmentIndex(sample));
        return o;
    }

    static Map<String, Object> utc(TimeModel m, long utcNs) {
        double pos = m.model().samplePositionAt(utcNs, 0.5);
        if (Double.isNaN(pos)) {
            throw new UserError(Times.iso(utcNs) + " is not inside the recording (it is before, after, or in a gap)",
                    "see 'tidemark query SESSION --summary' for the recorded spans");
        }
        long sample = Math.round(pos);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("utcNs", utcNs);
        o.put("utc", Times.iso(utcNs));
        o.put("sample", sample);
        o.put("samplePosition", pos);
        o.put("uncertaintyNs", Math.round(m.model().uncertaintyNsAt(sample)));
        FileRow f = m.fileAt(sample);
        o.put("file", f == null ? null : f.path());
        o.put("sampleInFile", f == null ? null : sample - f.firstSampleIndex());
        return o;
    }

    static Map<String, Object> summary(TimeModel m) {
        SampleUtcModel model = m.model();
        List<Map<String, Object>> segs = new ArrayList<>();
        List<Map<String, Object>> gaps = new ArrayList<>();
        ClockSegment prev = null;
        for (ClockSegment s : model.clockSegments()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("firstSample", s.firstSample());
            o.put("lastSample", s.endSample() - 1);
            o.put("startUtc", Times.iso(model.utcNsAt(s.firstSample())));
            o.put("endUtc", Times.iso(model.endUtcNs(s)));
            o.put("startReason", s.startReason());
            o.put("ratePpm", model.ratePpm(s));
            o.put("residualRmsNs", Math.round(s.residualRmsNs()));
            o.put("buffers", s.buffers());
            segs.add(o);
            if (prev != null) {
                long lostNs = model.utcNsAt(s.firstSample()) - model.endUtcNs(prev);
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("afterSample", prev.endSample() - 1);
                g.put("utc", Times.iso(model.endUtcNs(prev)));
                g.put("reason", s.startReason());
                g.put("lostNs", lostNs);
                g.put("lostSamples", Math.round(lostNs * 1e-9 * m.sampleRateHz()));
                gaps.add(g);
            }
            prev = s;
        }
        List<Map<String, Object>> ntp = new ArrayList<>();
        for (UtcSegment u : model.utcSegments()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", u.source());
            o.put("samples", u.points());
            o.put("samplesUsed", u.pointsUsed());
            o.put("minDelayNs", u.minDelayNs());
            o.put("asymmetryBoundNs", u.minDelayNs() / 2);
            o.put("residualRmsNs", Math.round(u.residualRmsNs()));
            ntp.add(o);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sampleRateHz", m.sampleRateHz());
        o.put("channels", m.channels());
        o.put("buffers", m.buffers());
        o.put("modelVersion", m.modelVersion());
        o.put("segments", segs);
        o.put("gaps", gaps);
        o.put("ntp", ntp);
        o.put("syncStates", m.syncStateBuffers());
        return o;
    }
}
