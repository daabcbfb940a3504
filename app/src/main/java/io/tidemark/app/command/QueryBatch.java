package io.tidemark.app.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.Gap;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.store.FileRow;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tidemark query TARGET --utc-from FILE} (and for a session {@code --samples-from FILE}): one
 * instant or sample per line in, one answer per line out, as text, CSV or JSON lines. An instant in a
 * gap between sessions says so in its row; a malformed line is answered with its line number and what
 * is wrong (also on stderr), and the rest are answered. Blank lines and lines starting with # are skipped.
 */
final class QueryBatch {

    enum Format { TEXT, CSV, JSON }

    private static final ObjectMapper LINES = new ObjectMapper();
    private static final String[] COLUMNS = {"line", "input", "session", "utc", "utcNs", "sample", "file", "sampleInFile",
            "uncertaintyNs", "problem"};

    private final Deployment deployment;
    private final Map<Path, TimeModel> models = new HashMap<>();
    private int malformed;

    private final Path calibrationOrNull;

    QueryBatch(Deployment deployment, Path calibrationOrNull) {
        this.deployment = deployment;
        this.calibrationOrNull = calibrationOrNull;
    }

    /** Answers every line of {@code in}; returns the count of malformed lines. */
    int run(Path in, boolean samples, Format format, PrintStream out) throws IOException {
        if (!Files.isRegularFile(in)) {
            throw new UserError("no file at " + in, "give a file with one " + (samples ? "sample index" : "UTC instant") + " per line");
        }
        if (samples && deployment.sessions().size() != 1) {
            throw new UserError("--samples-from needs one session (sample indices count from a session's start)",
                    "give a session folder, or use --utc-from with a deployment");
        }
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        if (format == Format.CSV) {
            w.write(String.join(",", COLUMNS));
            w.newLine();
        }
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                Map<String, Object> row = samples ? sample(n, t) : utc(n, t);
                write(w, row, format);
            }
        }
        w.flush();
        return malformed;
    }

    private Map<String, Object> utc(int line, String text) {
        Map<String, Object> row = row(line, text);
        long utcNs;
        try {
            utcNs = UtcNanos.toEpochNs(Instant.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
            return malformed(row, "cannot read it as a UTC instant (write ISO-8601 with a Z, e.g. 2026-11-21T19:30:00.123456Z)");
        }
        row.put("utcNs", utcNs);
        row.put("utc", Times.iso(utcNs));
        // The index's spans may be live estimates (ms off): ask the models of the sessions near the instant.
        int i = deployment.indexAtOrBefore(utcNs);
        for (int k = Math.max(0, i - 1); k <= Math.min(deployment.sessions().size() - 1, i + 1); k++) {
            SessionSpan s = deployment.sessions().get(k);
            if (utcNs < s.firstUtcNs() - 1_000_000_000L || utcNs >= s.endUtcNs() + 1_000_000_000L) {
                continue;
            }
            TimeModel m = model(s);
            double pos = m.model().samplePositionAt(utcNs, 0.5);
            if (!Double.isNaN(pos)) {
                return answer(row, s, m, Math.round(pos));
            }
        }
        Gap gap = deployment.gapAt(utcNs).orElse(null);
        row.put("problem", gap != null ? "in the gap " + Times.iso(gap.startUtcNs()) + " to " + Times.iso(gap.endUtcNs())
                + " (" + gap.cause().text + ") between " + gap.afterSession() + " and " + gap.beforeSession()
                : "not recorded (before, after, or in a gap inside a session)");
        return row;
    }

    /** The row for one instant (its "problem" set when it was not recorded). */
    Map<String, Object> answerUtc(long utcNs) {
        return utc(0, Times.iso(utcNs));
    }

    private Map<String, Object> sample(int line, String text) {
        Map<String, Object> row = row(line, text);
        long sample;
        try {
            sample = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return malformed(row, "cannot read it as a sample index (a whole number)");
        }
        SessionSpan s = deployment.sessions().get(0);
        TimeModel m = model(s);
        row.put("utcNs", m.model().utcNsAt(sample));
        row.put("utc", Times.iso(m.model().utcNsAt(sample)));
        answer(row, s, m, sample);
        if (sample < 0 || sample >= s.frames()) {
            row.put("problem", "outside the recorded samples (0 to " + (s.frames() - 1) + "): extrapolated");
        }
        return row;
    }

    private static Map<String, Object> answer(Map<String, Object> row, SessionSpan s, TimeModel m, long sample) {
        row.put("session", s.sessionId());
        row.put("sample", sample);
        FileRow f = m.fileAt(sample);
        row.put("file", f == null ? null : f.path());
        row.put("sampleInFile", f == null ? null : sample - f.firstSampleIndex());
        row.put("uncertaintyNs", Math.round(m.model().uncertaintyNsAt(sample)));
        return row;
    }

    private Map<String, Object> malformed(Map<String, Object> row, String what) {
        malformed++;
        row.put("problem", "line " + row.get("line") + ": " + what);
        System.err.println("tidemark: line " + row.get("line") + " ('" + row.get("input") + "'): " + what);
        return row;
    }

    private static Map<String, Object> row(int line, String text) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            row.put(c, null);
        }
        row.put("line", line);
        row.put("input", text);
        return row;
    }

    private TimeModel model(SessionSpan s) {
        return models.computeIfAbsent(s.dir(), d -> Models.load(d, false, calibrationOrNull));
    }

    private static void write(BufferedWriter w, Map<String, Object> row, Format format) throws IOException {
        switch (format) {
            case JSON -> w.write(LINES.writeValueAsString(row));
            case CSV -> {
                StringBuilder b = new StringBuilder();
                for (String c : COLUMNS) {
                    Object v = row.get(c);
                    b.append(b.length() == 0 && c.equals("line") ? "" : ",").append(v == null ? "" : csv(v.toString()));
                }
                w.write(b.toString());
            }
            case TEXT -> w.write(row.get("problem") != null
                    ? row.get("input") + "  " + row.get("problem")
                    : row.get("input") + "  " + row.get("session") + "  sample " + row.get("sample") + "  "
                    + row.get("file") + " +" + row.get("sampleInFile") + "  " + row.get("utc")
                    + " +- " + row.get("uncertaintyNs") + " ns");
        }
        w.newLine();
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
