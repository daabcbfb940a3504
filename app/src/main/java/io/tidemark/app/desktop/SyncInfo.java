package io.tidemark.app.desktop;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sync panel's figures, read field by field from {@code /api/status}: a station that does not (yet) report
 * one leaves it null and the panel shows "—", so an older or newer station never breaks the window.
 */
public record SyncInfo(String syncState, String ntpSource, Long ntpOffsetNs, Long ntpDelayNs, Integer ntpStratum,
                       Long ntpLastSampleAgeNs, String ptpGrandmaster, Double ptpRatePpm, String disciplineMode,
                       Boolean servingNtp) {

    static final String NONE = "—";

    public static SyncInfo of(JsonNode status) {
        return new SyncInfo(text(status, "syncState"), text(status, "ntpSource"), int64(status, "ntpOffsetNs"),
                int64(status, "ntpDelayNs"), status.path("ntpStratum").isNumber() ? status.get("ntpStratum").asInt() : null,
                int64(status, "ntpLastSampleAgeNs"), text(status, "ptpGrandmaster"),
                status.path("ptpRatePpm").isNumber() ? status.get("ptpRatePpm").asDouble() : null,
                text(status, "disciplineMode"),
                status.path("servingNtp").isBoolean() ? status.get("servingNtp").asBoolean() : null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static Long int64(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asLong() : null;
    }

    /** The panel's lines, "—" for what the station did not report. */
    public String text() {
        return "state          " + or(syncState)
                + "\nPTP master     " + or(ptpGrandmaster)
                + "\nPTP rate       " + (ptpRatePpm == null ? NONE : String.format("%+.3f ppm", ptpRatePpm))
                + "\nNTP source     " + or(ntpSource)
                + "\nNTP offset     " + ms(ntpOffsetNs)
                + "\nNTP delay      " + ms(ntpDelayNs)
                + "\nNTP stratum    " + (ntpStratum == null ? NONE : ntpStratum.toString())
                + "\nlast sample    " + (ntpLastSampleAgeNs == null ? NONE : String.format("%.0f s ago", ntpLastSampleAgeNs / 1e9))
                + "\ndiscipline     " + or(disciplineMode)
                + "\nserving NTP    " + (servingNtp == null ? NONE : servingNtp ? "yes" : "no");
    }

    private static String or(String s) {
        return s == null || s.isBlank() ? NONE : s;
    }

    private static String ms(Long ns) {
        return ns == null ? NONE : String.format("%+.3f ms", ns / 1e6);
    }
}
