package io.tidemark.analysis.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code summary --html DIR}: a season overview (index.html, recorded hours per day as an inline SVG
 * bar chart, gaps and notes) and one page per day (a 24-h timeline of sessions and gaps, NTP offsets,
 * events, notes). Plain HTML and SVG, no scripts. Never overwrites: DIR must be new or empty.
 */
public final class SummaryHtml {

    private SummaryHtml() {
    }

    public static Path write(Deployment d, List<DailySummary> days, DiskForecast disk, Path dir,
                             Consumer<String> progress) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new DeploymentException(dir + " is not empty", "give --html a new or empty folder");
                }
            }
        }
        Files.createDirectories(dir);
        StringBuilder o = page("Deployment " + esc(d.dir().getFileName().toString()));
        o.append("<p>").append(d.sessions().size()).append(" sessions, ").append(d.gaps().size()).append(" gaps, ")
                .append(days.size()).append(" days.</p>\n");
        if (disk != null) {
            o.append(String.format(Locale.ROOT, "<p>disk: %.1f GB free, %.1f GB a day over the last %d recording days: %s.</p>%n",
                    disk.freeBytes() / 1e9, disk.bytesPerDay() / 1e9, disk.daysAveraged(), disk.daysLeft() == null
                            ? "no forecast" : String.format(Locale.ROOT, "%.1f days left", disk.daysLeft())));
        }
        int w = Math.max(400, days.size() * 8);
        o.append("<svg width='").append(w + 40).append("' height='160' xmlns='http://www.w3.org/2000/svg'>")
                .append("<text x='0' y='12' font-size='11'>recorded hours per day (24 = full)</text>");
        for (int i = 0; i < days.size(); i++) {
            DailySummary s = days.get(i);
            double h = s.recordedNs() / 3.6e12;
            int bar = (int) Math.round(h / 24 * 120);
            o.append(String.format(Locale.ROOT, "<a href='%s'><rect x='%d' y='%d' width='6' height='%d' fill='%s'>"
                            + "<title>%s: %.2f h</title></rect></a>", file(s), 20 + i * 8, 140 - bar, bar,
                    s.gapNs() > 0 ? "#c60" : "#383", s.day(), h));
        }
        o.append("</svg>\n<table><tr><th>day</th><th>recorded h</th><th>gaps</th><th>sessions started</th>"
                + "<th>clock steps</th><th>source changes</th><th>notes</th></tr>\n");
        for (int i = 0; i < days.size(); i++) {
            DailySummary s = days.get(i);
            o.append(String.format(Locale.ROOT, "<tr><td><a href='%s'>%s</a></td><td>%.3f</td><td>%d (%.1f s)</td><td>%d</td>"
                            + "<td>%d</td><td>%d</td><td>%d</td></tr>%n", file(s), s.day(), s.recordedNs() / 3.6e12,
                    s.gaps().size(), s.gapNs() / 1e9, s.sessionsStarted(), s.clockSteps(), s.sourceChanges(), s.notes().size()));
            Files.writeString(dir.resolve(file(s)), day(s));
            if ((i + 1) % 10 == 0 || i + 1 == days.size()) {
                progress.accept(String.format(Locale.ROOT, "summary --html: %d of %d day pages written", i + 1, days.size()));
            }
        }
        o.append("</table>\n</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, o);
        return index;
    }

    static String file(DailySummary s) {
        return "day-" + s.day() + ".html";
    }

    private static String day(DailySummary s) {
        StringBuilder o = page("Day " + s.day());
        o.append("<p><a href='index.html'>season overview</a></p>\n");
        o.append("<svg width='980' height='50' xmlns='http://www.w3.org/2000/svg'><rect x='10' y='10' width='960' height='20'"
                + " fill='#383'/>");
        long dayStart = DeploymentSummary.startNs(s.day());
        for (DailySummary.DayGap g : s.gaps()) {
            long a = Math.max(g.gap().startUtcNs(), dayStart) - dayStart;
            double x = 10 + 960.0 * a / DailySummary.DAY_NS;
            double width = Math.max(1, 960.0 * g.inDayNs() / DailySummary.DAY_NS);
            o.append(String.format(Locale.ROOT, "<rect x='%.1f' y='10' width='%.1f' height='20' fill='#c60'><title>%s</title></rect>",
                    x, width, esc(g.gap().cause().text + ": " + g.gap().detail())));
        }
        // Before the first session and after the last, nothing was recorded either: grey over green shows recorded time.
        o.append("<text x='10' y='45' font-size='10'>00:00</text><text x='940' y='45' font-size='10'>24:00</text></svg>\n");
        o.append(String.format(Locale.ROOT, "<p>recorded %.3f h; %d gaps (%.3f s); %d sessions started; %d clock steps;"
                        + " %d time source changes.</p>%n", s.recordedNs() / 3.6e12, s.gaps().size(), s.gapNs() / 1e9,
                s.sessionsStarted(), s.clockSteps(), s.sourceChanges()));
        o.append(String.format(Locale.ROOT, "<p>NTP: %d accepted samples from %s; offset median %s, min %s, max %s.</p>%n",
                s.ntpSamples(), esc(String.join(", ", s.ntpServers())), us(s.ntpOffsetMedianNs()), us(s.ntpOffsetMinNs()),
                us(s.ntpOffsetMaxNs())));
        o.append(String.format(Locale.ROOT, "<p>disk: %.1f MB of audio data recorded, %.1f MB in files started this day.</p>%n",
                s.audioDataBytes() / 1e6, s.fileBytesOnDisk() / 1e6));
        o.append("<h2>Gaps</h2><ul>");
        for (DailySummary.DayGap g : s.gaps()) {
            o.append("<li>").append(esc(g.gap().afterSession() + " to " + g.gap().beforeSession() + ": "
                    + g.gap().lengthNs() / 1e9 + " s, " + g.gap().cause().text + " (" + g.gap().detail() + ")"))
                    .append("</li>");
        }
        o.append("</ul><h2>Levels, silence, clipping</h2><ul>");
        s.channelEvents().forEach((k, v) -> o.append("<li>").append(esc(k)).append(": ").append(v[0])
                .append(" events, ").append(v[1]).append(" frames</li>"));
        o.append("</ul><h2>Events</h2><ul>");
        s.eventCounts().forEach((k, v) -> o.append("<li>").append(esc(k)).append(": ").append(v).append("</li>"));
        o.append("</ul><h2>Field notes</h2><ul>");
        for (FieldNote n : s.notes()) {
            o.append("<li>").append(esc(io.tidemark.common.UtcNanos.toInstant(n.utcNs()) + "  " + n.text())).append("</li>");
        }
        o.append("</ul></body></html>\n");
        return o.toString();
    }

    private static String us(Long ns) {
        return ns == null ? "-" : String.format(Locale.ROOT, "%.1f us", ns / 1e3);
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!DOCTYPE html><html><head><meta charset='utf-8'><title>").append(title)
                .append("</title><style>body{font-family:sans-serif}td,th{padding:2px 8px}</style></head><body><h1>")
                .append(title).append("</h1>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
