package io.tidemark.analysis.report;

import io.tidemark.analysis.report.ReportCharts.Plot;
import io.tidemark.common.UtcNanos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** The report's index.html: the session in figures and tables, with every plot. Written once, never over a file. */
public final class ReportPage {

    public static final String FILE = "index.html";
    /** The events table shows this many rows at most (the database has them all). */
    static final int MAX_EVENT_ROWS = 500;

    private ReportPage() {
    }

    public static Path write(SessionReportData d, List<Plot> plots, Path dir) throws IOException {
        StringBuilder h = new StringBuilder();
        var m = d.model();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tidemark report: ")
                .append(esc(d.sessionId())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1150px}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:2px 8px;text-align:left}"
                        + "figure{margin:2em 0}figcaption{color:#444}</style></head><body>\n");
        h.append("<h1>Session ").append(esc(d.sessionId())).append("</h1>\n<table>\n");
        row(h, "sample rate", m.sampleRateHz() + " Hz, " + m.channels() + " channels");
        row(h, "buffers", Long.toString(m.buffers()));
        row(h, "UTC reference", m.utcSource());
        row(h, "NTP exchanges", d.ntp().size() + " (" + d.ntpAccepted() + " accepted, " + (d.ntp().size() - d.ntpAccepted())
                + " rejected)");
        row(h, "clock events", Integer.toString(d.clockEvents().size()));
        row(h, "gaps", Integer.toString(d.gaps().size()));
        for (String w : m.warnings()) {
            row(h, "warning", w);
        }
        h.append("</table>\n<h2>Segments</h2>\n<table><tr><th>#</th><th>first sample</th><th>last sample</th><th>start UTC</th>"
                + "<th>end UTC</th><th>started by</th><th>rate (ppm)</th><th>residual RMS (µs)</th><th>buffers</th></tr>\n");
        for (var s : d.segments()) {
            h.append("<tr><td>").append(s.index() + 1).append("</td><td>").append(s.firstSample()).append("</td><td>")
                    .append(s.lastSample()).append("</td><td>").append(UtcNanos.toInstant(s.startUtcNs()))
                    .append("</td><td>").append(UtcNanos.toInstant(s.endUtcNs())).append("</td><td>")
                    .append(esc(s.startReason())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4f", s.ratePpm())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", s.residualRmsNs() / 1e3)).append("</td><td>")
                    .append(s.buffers()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (Plot p : plots) {
            h.append("<figure><img src=\"").append(esc(p.file())).append("\" width=\"").append(p.widthPx())
                    .append("\" height=\"").append(p.heightPx()).append("\" alt=\"").append(esc(p.title()))
                    .append("\"><figcaption><b>").append(esc(p.title())).append("</b>: ").append(esc(p.caption()))
                    .append("</figcaption></figure>\n");
        }
        h.append("<h2>Gaps</h2>\n");
        if (d.gaps().isEmpty()) {
            h.append("<p>none</p>\n");
        } else {
            h.append("<table><tr><th>UTC</th><th>after sample</th><th>reason</th><th>lost (ms)</th><th>lost samples</th></tr>\n");
            for (var g : d.gaps()) {
                h.append("<tr><td>").append(UtcNanos.toInstant(g.utcNs())).append("</td><td>").append(g.afterSample())
                        .append("</td><td>")
                        .append(esc(g.reason())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.3f", g.lostNs() / 1e6)).append("</td><td>")
                        .append(g.lostSamples()).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Events</h2>\n<table><tr><th>UTC</th><th>kind</th><th>detail</th></tr>\n");
        d.events().stream().limit(MAX_EVENT_ROWS).forEach(e -> h.append("<tr><td>").append(UtcNanos.toInstant(e.utcNs()))
                .append("</td><td>").append(esc(e.kind().text)).append("</td><td>").append(esc(e.detail()))
                .append("</td></tr>\n"));
        h.append("</table>\n");
        if (d.events().size() > MAX_EVENT_ROWS) {
            h.append("<p>").append(d.events().size() - MAX_EVENT_ROWS).append(" more events are in session.db.</p>\n");
        }
        h.append("</body></html>\n");
        Path file = dir.resolve(FILE);
        Files.writeString(file, h, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return file;
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
