package io.tidemark.app.command;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.report.ReportCharts;
import io.tidemark.analysis.report.ReportPage;
import io.tidemark.analysis.report.SessionReportData;
import io.tidemark.common.Json;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.store.SessionReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark report SESSION --out DIR [--json]}: PNG plots and an index.html about a session's timing. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write PNG plots and an HTML page (index.html) of a session's timing: device rate, model residuals,"
                + " NTP offset and delay, sync states and clock events, gaps.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION", description = "session folder")
    Path session;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder for the report")
    Path out;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Override
    public Integer call() throws Exception {
        refuseUsedFolder(out);
        TimeModel m = Models.load(session, false);
        SessionReportData d;
        try (SessionReader reader = SessionReader.open(session)) {
            d = SessionReportData.read(reader, m, n -> {
                if (n > 0) {
                    System.err.printf("report: %,d buffers read%n", n);
                }
            });
        } catch (SQLException e) {
            throw new UserError("cannot read the session database in " + session + ": " + e.getMessage(),
                    "check that it is a Tidemark session folder");
        }
        Files.createDirectories(out);
        List<ReportCharts.Plot> plots = ReportCharts.writeAll(d, out, f -> System.err.println("report: wrote " + f));
        Path page = ReportPage.write(d, plots, out);
        Map<String, Object> o = summary(d, plots);
        o.put("index", page.toString());
        if (json) {
            System.out.println(Json.write(o));
        } else {
            System.out.println("report: " + page);
            for (String w : m.warnings()) {
                System.err.println("tidemark: warning: " + w);
            }
        }
        return 0;
    }

    private static void refuseUsedFolder(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + " exists and is not a folder", "give a new or empty folder for --out");
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UserError(dir + " already holds files",
                        "give a new or empty folder for --out; Tidemark never overwrites a file");
            }
        }
    }

    private Map<String, Object> summary(SessionReportData d, List<ReportCharts.Plot> plots) {
        TimeModel m = d.model();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("out", out.toString());
        o.put("sessionId", d.sessionId());
        o.put("sampleRateHz", m.sampleRateHz());
        o.put("buffers", m.buffers());
        o.put("utcSource", m.utcSource());
        List<Map<String, Object>> plotList = new ArrayList<>();
        for (var p : plots) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", p.file());
            x.put("title", p.title());
            x.put("widthPx", p.widthPx());
            x.put("heightPx", p.heightPx());
            plotList.add(x);
        }
        o.put("plots", plotList);
        List<Map<String, Object>> segs = new ArrayList<>();
        for (var s : d.segments()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("firstSample", s.firstSample());
            x.put("lastSample", s.lastSample());
            x.put("startReason", s.startReason());
            x.put("ratePpm", s.ratePpm());
            x.put("residualRmsNs", Math.round(s.residualRmsNs()));
            segs.add(x);
        }
        o.put("segments", segs);
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (var g : d.gaps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("utc", Times.iso(g.utcNs()));
            x.put("reason", g.reason());
            x.put("lostNs", g.lostNs());
            x.put("lostSamples", g.lostSamples());
            gaps.add(x);
        }
        o.put("gaps", gaps);
        Map<String, Object> ntp = new LinkedHashMap<>();
        ntp.put("exchanges", d.ntp().size());
        ntp.put("accepted", d.ntpAccepted());
        ntp.put("rejected", d.ntp().size() - d.ntpAccepted());
        o.put("ntp", ntp);
        Map<String, Long> states = new LinkedHashMap<>();
        for (var run : d.syncStates()) {
            states.merge(run.name(), run.buffers(), Long::sum);
        }
        o.put("syncStates", states);
        o.put("clockEvents", d.clockEvents().size());
        o.put("warnings", m.warnings());
        return o;
    }
}
