package io.tidemark.app.command;

import io.tidemark.analysis.deployment.DailySummary;
import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.DeploymentSummary;
import io.tidemark.analysis.deployment.DiskForecast;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.analysis.deployment.SummaryHtml;
import io.tidemark.analysis.model.InputLatency;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.FreeSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark summary DEPLOYMENT [--day YYYY-MM-DD] [--json | --html DIR]}: per UTC day, recorded
 * time and gaps (from sample counters), level/silence/clip events, disk use, NTP offsets and source
 * changes, clock steps, restarts and field notes; per session the input latency taken out of its times
 * ({@code --calibration FILE}, its own marks or carried calibration) and where it came from.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Daily health summary of a deployment: recorded time, gaps and causes, events, disk, time source,"
                + " clock steps, restarts, field notes.")
public final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "deployment folder (or one session folder)")
    Path deployment;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "only this UTC day")
    String day;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--html", paramLabel = "DIR", description = "write a page per day and a season overview into DIR (new or empty)")
    Path html;

    @Mixin
    CalibrationOption calibration;

    @Override
    public Integer call() throws Exception {
        LocalDate only = null;
        if (day != null) {
            try {
                only = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw new UserError("cannot read --day '" + day + "'", "write it as YYYY-MM-DD, e.g. 2026-11-21");
            }
        }
        Deployment d = DeploymentTargets.open(deployment, calibration.file());
        for (String w : d.warnings()) {
            System.err.println("tidemark: warning: " + w);
        }
        List<DailySummary> days = DeploymentSummary.of(d, only, System.err::println);
        if (html != null) {
            Path index = SummaryHtml.write(d, days, forecast(d, days), html, System.err::println);
            System.out.println(json ? Json.write(Map.of("html", index.toString(), "days", days.size())) : "wrote " + index);
            return 0;
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("deployment", d.dir().toString());
            List<Map<String, Object>> out = new ArrayList<>();
            for (DailySummary s : days) {
                out.add(toMap(s));
            }
            o.put("days", out);
            List<Map<String, Object>> spans = new ArrayList<>();
            for (io.tidemark.analysis.deployment.ChannelSpan c : io.tidemark.analysis.deployment.ChannelSpan.of(d)) {
                if (only == null || DeploymentSummaryDays.overlaps(c.startUtcNs(), c.endUtcNs(), only)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("session", c.session());
                    m.put("channel", c.channel());
                    m.put("kind", c.kind());
                    m.put("startUtc", Times.iso(c.startUtcNs()));
                    m.put("endUtc", Times.iso(c.endUtcNs()));
                    m.put("startUtcNs", c.startUtcNs());
                    m.put("endUtcNs", c.endUtcNs());
                    m.put("lengthNs", c.lengthNs());
                    m.put("open", c.open());
                    spans.add(m);
                }
            }
            o.put("channelSpans", spans);
            List<Map<String, Object>> latency = new ArrayList<>();
            for (SessionSpan s : d.sessions()) {
                if (only == null || DeploymentSummaryDays.overlaps(s.firstUtcNs(), s.endUtcNs(), only)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("session", s.sessionId());
                    s.inputLatency().putInto(m);
                    latency.add(m);
                }
            }
            o.put("sessions", latency);
            DiskForecast disk = forecast(d, days);
            if (disk != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("folder", disk.folder().toString());
                m.put("freeBytes", disk.freeBytes());
                m.put("bytesPerDay", disk.bytesPerDay());
                m.put("daysAveraged", disk.daysAveraged());
                m.put("daysLeft", disk.daysLeft() == null ? null : Math.round(disk.daysLeft() * 10) / 10.0);
                o.put("disk", m);
            }
            o.put("warnings", d.warnings());
            System.out.println(Json.write(o));
            return 0;
        }
        for (DailySummary s : days) {
            System.out.printf(Locale.ROOT, "%s  recorded %.3f h, %d gaps (%.3f s), %d sessions started, %d clock steps,"
                            + " %d source changes, NTP %d samples (median offset %s ns), %.1f MB audio%n", s.day(),
                    s.recordedNs() / 3.6e12, s.gaps().size(), s.gapNs() / 1e9, s.sessionsStarted(), s.clockSteps(),
                    s.sourceChanges(), s.ntpSamples(), s.ntpOffsetMedianNs(), s.audioDataBytes() / 1e6);
            for (DailySummary.DayGap g : s.gaps()) {
                System.out.printf(Locale.ROOT, "  gap %s .. %s  %.3f s  %s (%s)%n", Times.iso(g.gap().startUtcNs()),
                        Times.iso(g.gap().endUtcNs()), g.gap().lengthNs() / 1e9, g.gap().cause().text, g.gap().detail());
            }
            s.channelEvents().forEach((k, v) -> System.out.printf("  %s: %d events, %d frames%n", k, v[0], v[1]));
            s.notes().forEach(n -> System.out.printf("  note %s  %s%n", Times.iso(n.utcNs()), n.text()));
        }
        for (io.tidemark.analysis.deployment.ChannelSpan c : io.tidemark.analysis.deployment.ChannelSpan.of(d)) {
            if (only == null || DeploymentSummaryDays.overlaps(c.startUtcNs(), c.endUtcNs(), only)) {
                System.out.printf(Locale.ROOT, "channel %d %s %s .. %s (%.1f min)%s%n", c.channel(), c.kind(),
                        Times.iso(c.startUtcNs()), Times.iso(c.endUtcNs()), c.lengthNs() / 6e10, c.open() ? ", open" : "");
            }
        }
        boolean unmeasured = false;
        for (SessionSpan s : d.sessions()) {
            if (only == null || DeploymentSummaryDays.overlaps(s.firstUtcNs(), s.endUtcNs(), only)) {
                System.out.printf(Locale.ROOT, "session %s  latencySource: %s, inputLatencyNs %d%n", s.sessionId(),
                        s.inputLatency().source().text(), s.inputLatency().inputLatencyNs());
                unmeasured |= s.inputLatency().source() == InputLatency.Source.NONE;
            }
        }
        if (unmeasured) {
            System.out.println("note: for the sessions with latencySource none, " + InputLatency.NONE.caveat());
        }
        DiskForecast disk = forecast(d, days);
        if (disk != null) {
            System.out.printf(Locale.ROOT, "disk: %.1f GB free in %s, %.1f GB a day over the last %d recording days: %s%n",
                    disk.freeBytes() / 1e9, disk.folder(), disk.bytesPerDay() / 1e9, disk.daysAveraged(),
                    disk.daysLeft() == null ? "no forecast" : String.format(Locale.ROOT, "%.1f days left", disk.daysLeft()));
        }
        return 0;
    }

    /** Whether a span touches a UTC day. */
    private static final class DeploymentSummaryDays {
        static boolean overlaps(long fromNs, long toNs, java.time.LocalDate day) {
            long start = day.toEpochDay() * DailySummary.DAY_NS;
            return fromNs < start + DailySummary.DAY_NS && toNs >= start;
        }
    }

    /** The disk forecast, or null (with a warning) when the deployment folder's file system cannot be read. */
    private static DiskForecast forecast(Deployment d, List<DailySummary> days) {
        try {
            return DiskForecast.of(d.dir(), days, FreeSpace.FILE_STORE);
        } catch (java.io.IOException e) {
            System.err.println("tidemark: warning: no disk forecast: " + e.getMessage());
            return null;
        }
    }

    static Map<String, Object> toMap(DailySummary s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("day", s.day().toString());
        o.put("recordedNs", s.recordedNs());
        o.put("gapNs", s.gapNs());
        List<Map<String, Object>> gaps = new ArrayList<>();
        for (DailySummary.DayGap g : s.gaps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("startUtc", Times.iso(g.gap().startUtcNs()));
            m.put("endUtc", Times.iso(g.gap().endUtcNs()));
            m.put("lengthNs", g.gap().lengthNs());
            m.put("inDayNs", g.inDayNs());
            m.put("cause", g.gap().cause().text);
            m.put("detail", g.gap().detail());
            gaps.add(m);
        }
        o.put("gaps", gaps);
        o.put("sessionsStarted", s.sessionsStarted());
        o.put("events", s.eventCounts());
        Map<String, Object> ch = new LinkedHashMap<>();
        s.channelEvents().forEach((k, v) -> ch.put(k, Map.of("events", v[0], "frames", v[1])));
        o.put("levelSilenceClipEvents", ch);
        o.put("clockSteps", s.clockSteps());
        o.put("sourceChanges", s.sourceChanges());
        o.put("ntpSamples", s.ntpSamples());
        o.put("ntpOffsetMedianNs", s.ntpOffsetMedianNs());
        o.put("ntpOffsetMinNs", s.ntpOffsetMinNs());
        o.put("ntpOffsetMaxNs", s.ntpOffsetMaxNs());
        o.put("ntpServers", s.ntpServers());
        o.put("audioDataBytes", s.audioDataBytes());
        o.put("fileBytesOnDisk", s.fileBytesOnDisk());
        o.put("notes", s.notes());
        return o;
    }
}
