package io.tidemark.app.desktop;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The house convention for times on screen: UTC first, local beside it. */
final class UtcText {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneId.of("UTC"));
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneId.of("UTC"));
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private UtcText() {
    }

    static String of(long utcNs) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(utcNs, 1_000_000_000L), Math.floorMod(utcNs, 1_000_000_000L));
        return UTC.format(t) + " (" + LOCAL.format(t) + ")";
    }

    /** With microseconds, where a fraction of a second matters (a video's start). */
    static String precise(long utcNs) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(utcNs, 1_000_000_000L), Math.floorMod(utcNs, 1_000_000_000L));
        return PRECISE.format(t) + " (" + LOCAL.format(t) + ")";
    }

    static String duration(long ns) {
        long s = ns / 1_000_000_000L;
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
