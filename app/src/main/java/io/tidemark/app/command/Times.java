package io.tidemark.app.command;

import io.tidemark.app.cli.UserError;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** UTC instants as int64 ns, parsed from and printed as ISO-8601 with nanoseconds. */
final class Times {

    private Times() {
    }

    static long parseUtc(String text) {
        try {
            Instant i = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UserError("cannot read '" + text + "' as a UTC instant",
                    "write it as ISO-8601 with a Z, e.g. 2026-11-21T19:30:00.123456Z");
        }
    }

    static String iso(long utcNs) {
        return Instant.ofEpochSecond(Math.floorDiv(utcNs, 1_000_000_000L), Math.floorMod(utcNs, 1_000_000_000L)).toString();
    }
}
