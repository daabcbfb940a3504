package io.tidemark.analysis.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The field notes of a deployment: {@code DEPLOYMENT/notes.jsonl}, one JSON object per line
 * ({@code {"utcNs":…,"text":…,"host":…}}), only ever appended to, so that a copy or a sync tool sees
 * plain growth and two writers never rewrite each other's notes. A line that cannot be read (a write
 * cut short by a power cut) is reported and skipped, never dropped from the file.
 */
public final class FieldNotes {

    public static final String FILE_NAME = "notes.jsonl";
    /** One line per note: never pretty-printed. */
    private static final ObjectMapper LINES = new ObjectMapper();

    private final List<FieldNote> notes;
    private final List<String> problems;

    private FieldNotes(List<FieldNote> notes, List<String> problems) {
        this.notes = List.copyOf(notes);
        this.problems = List.copyOf(problems);
    }

    /** The notes in UTC order. */
    public List<FieldNote> notes() {
        return notes;
    }

    /** One line per unreadable line of the file, naming its line number. */
    public List<String> problems() {
        return problems;
    }

    /** The notes stored in {@code deployment} (none when it has no notes file). */
    public static FieldNotes read(Path deployment) {
        Path file = deployment.resolve(FILE_NAME);
        List<FieldNote> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return new FieldNotes(notes, problems);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeploymentException("cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode n = LINES.readTree(line);
                if (!n.path("utcNs").canConvertToLong() || !n.path("text").isTextual()) {
                    throw new IOException("no utcNs and text");
                }
                notes.add(new FieldNote(n.get("utcNs").asLong(), n.get("text").asText(), n.path("host").asText(null)));
            } catch (IOException e) {
                problems.add(file + " line " + (i + 1) + " is not a note (" + e.getMessage().lines().findFirst().orElse("")
                        + "); skipped");
            }
        }
        notes.sort(Comparator.comparingLong(FieldNote::utcNs));
        return new FieldNotes(notes, problems);
    }

    /** Appends {@code note} to the deployment's notes file (created when absent). */
    public static void append(Path deployment, FieldNote note) {
        if (note.text().isBlank()) {
            throw new DeploymentException("the note is empty", "give the note's text in quotes");
        }
        ObjectNode o = LINES.createObjectNode();
        o.put("utcNs", note.utcNs());
        o.put("text", note.text());
        o.put("host", note.host());
        Path file = deployment.resolve(FILE_NAME);
        try {
            byte[] line = (LINES.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
            // A file whose last write was cut short gets its own line ended first, so this note stays readable.
            if (Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file)) {
                line = ("\n" + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DeploymentException("cannot write " + file + ": " + e.getMessage(),
                    "check that the deployment folder is writable", e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0) == '\n';
        }
    }
}
