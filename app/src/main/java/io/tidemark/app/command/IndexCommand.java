package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.FieldNote;
import io.tidemark.analysis.deployment.Gap;
import io.tidemark.analysis.deployment.IndexEntry;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.common.Json;
import io.tidemark.analysis.model.InputLatency;
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

/**
 * {@code tidemark index DEPLOYMENT [--json | --csv]}: every audio file with its session, first sample,
 * frames, the UTC of its first and last sample (µs) with uncertainty and where those times come from
 * (stored model or live estimate), SHA-256 and status; the gaps between sessions with their causes; the
 * field notes. Each session and file states the input latency taken out of its times and where it came from
 * (its own reference marks, {@code --calibration FILE} or the calibration the session carries, or none).
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "The file index of a deployment: each file's UTC span, digest and status; gaps between sessions"
                + " with their cause; field notes.")
public final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "deployment folder (or one session folder)")
    Path deployment;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--csv", description = "print the files as CSV (gaps and notes as comment lines starting with #)")
    boolean csv;

    @Mixin
    CalibrationOption calibration;

    @Override
    public Integer call() {
        Deployment d = Deployment.open(deployment, calibration.file(), n -> {
            if (n % 50 == 0) {
                System.err.printf("index: %d sessions read%n", n);
            }
        });
        for (String w : d.warnings()) {
            System.err.println("tidemark: warning: " + w);
        }
        if (json) {
            System.out.println(Json.write(toMap(d)));
        } else if (csv) {
            System.out.println("session,path,first_sample,frames,first_utc,last_utc,uncertainty_us,time_source,sha256,status,"
                    + "input_latency_ns,latency_source");
            for (SessionSpan s : d.sessions()) {
                for (IndexEntry e : s.files()) {
                    System.out.println(String.join(",", e.session(), e.path(), Long.toString(e.firstSample()),
                            Long.toString(e.frames()), micros(e.firstUtcNs()), micros(e.lastUtcNs()),
                            Long.toString(Math.round(e.uncertaintyNs() / 1e3)), e.timeSource(),
                            e.dataSha256() == null ? "" : e.dataSha256(), e.status(),
                            Long.toString(s.inputLatency().inputLatencyNs()), s.inputLatency().source().text()));
                }
            }
            for (Gap g : d.gaps()) {
                System.out.println("# gap," + g.afterSession() + "," + g.beforeSession() + "," + micros(g.startUtcNs()) + ","
                        + micros(g.endUtcNs()) + "," + g.lengthNs() + "," + g.cause().text);
            }
            for (FieldNote n : d.notes().notes()) {
                System.out.println("# note," + micros(n.utcNs()) + "," + n.text().replace('\n', ' '));
            }
        } else {
            for (SessionSpan s : d.sessions()) {
                System.out.printf("session %s  %s .. %s  (%s; latencySource: %s, inputLatencyNs %d)%n", s.sessionId(),
                        micros(s.firstUtcNs()), micros(s.endUtcNs()), s.timeSource(), s.inputLatency().source().text(),
                        s.inputLatency().inputLatencyNs());
                for (IndexEntry e : s.files()) {
                    System.out.printf("  %-40s first %d, %d frames, %s .. %s +- %d us (%s)  %s  %s%n", e.path(), e.firstSample(),
                            e.frames(), micros(e.firstUtcNs()), micros(e.lastUtcNs()), Math.round(e.uncertaintyNs() / 1e3),
                            e.timeSource(), e.status(), e.dataSha256() == null ? "no digest" : e.dataSha256());
                }
            }
            for (Gap g : d.gaps()) {
                System.out.printf("gap %s .. %s  %.6f s  %s (%s)%n", micros(g.startUtcNs()), micros(g.endUtcNs()),
                        g.lengthNs() / 1e9, g.cause().text, g.detail());
            }
            for (FieldNote n : d.notes().notes()) {
                System.out.printf("note %s  %s%n", micros(n.utcNs()), n.text());
            }
            if (d.sessions().stream().anyMatch(s -> s.inputLatency().source() == InputLatency.Source.NONE)) {
                System.out.println("note: for the sessions with latencySource none, " + InputLatency.NONE.caveat());
            }
        }
        return 0;
    }

    static Map<String, Object> toMap(Deployment d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("deployment", d.dir().toString());
        List<Map<String, Object>> files = new ArrayList<>();
        for (SessionSpan s : d.sessions()) {
            for (IndexEntry e : s.files()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("session", e.session());
                f.put("path", e.path());
                f.put("firstSample", e.firstSample());
                f.put("frames", e.frames());
                f.put("firstUtcNs", e.firstUtcNs());
                f.put("firstUtc", micros(e.firstUtcNs()));
                f.put("lastUtcNs", e.lastUtcNs());
                f.put("lastUtc", micros(e.lastUtcNs()));
                f.put("uncertaintyNs", e.uncertaintyNs());
                f.put("timeSource", e.timeSource());
                f.put("sha256", e.dataSha256());
                f.put("status", e.status());
                s.inputLatency().putInto(f);
                files.add(f);
            }
        }
        o.put("files", files);
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (SessionSpan s : d.sessions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", s.sessionId());
            m.put("timeSource", s.timeSource());
            s.inputLatency().putInto(m);
            sessions.add(m);
        }
        o.put("sessions", sessions);
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (Gap g : d.gaps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("afterSession", g.afterSession());
            m.put("beforeSession", g.beforeSession());
            m.put("startUtcNs", g.startUtcNs());
            m.put("startUtc", micros(g.startUtcNs()));
            m.put("endUtcNs", g.endUtcNs());
            m.put("endUtc", micros(g.endUtcNs()));
            m.put("lengthNs", g.lengthNs());
            m.put("cause", g.cause().text);
            m.put("detail", g.detail());
            gaps.add(m);
        }
        o.put("gaps", gaps);
        o.put("notes", d.notes().notes());
        o.put("warnings", d.warnings());
        return o;
    }

    /** ISO-8601 UTC to the microsecond. */
    static String micros(long utcNs) {
        return Times.iso(Math.floorDiv(utcNs, 1000L) * 1000L).replaceAll("(\\.\\d{6})\\d*Z$", "$1Z");
    }
}
