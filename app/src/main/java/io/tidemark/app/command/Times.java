package io.tidemark.app.command;

import io.tidemark.app.cli.UserError;
import io.tidemark.common.UtcNanos;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** UTC instants as int64 ns, parsed from and printed as ISO-8601 with nanoseconds. */
public final class Times {

    private Times() {
    }

    public static long parseUtc(String text) {
        try {
            return UtcNanos.toEpochNs(Instant.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UserError("cannot read '" + text + "' as a UTC instant",
                    "write it as ISO-8601 with a Z, e.g. 2026-11-21T19:30:00.123456Z");
        }
    }

    public static String iso(long utcNs) {
        return UtcNanos.toInstant(utcNs).toString();
    }
}
