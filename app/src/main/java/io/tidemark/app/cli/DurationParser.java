package io.tidemark.app.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations people type: "60s", "2h", "1h30m", "500ms", "3d", or ISO-8601 "PT2H". */
public final class DurationParser {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationParser() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase();
        if (s.startsWith("pt") || s.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase());
        }
        Matcher m = PART.matcher(s);
        long ns = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            double v = Double.parseDouble(m.group(1));
            long unitNs = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            ns += Math.round(v * unitNs);
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 60s, 90m, 2h, 1h30m, 3d)");
        }
        return Duration.ofNanos(ns);
    }
}
