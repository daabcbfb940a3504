package io.tidemark.app.command;

import io.tidemark.analysis.deployment.FieldNote;
import io.tidemark.analysis.deployment.FieldNotes;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.UtcNanos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tidemark note DEPLOYMENT "text" [--utc T] [--json]}: appends a timestamped field note to the deployment. */
@Command(name = "note", mixinStandardHelpOptions = true,
        description = "Add a timestamped field note to a deployment (shown by index and summary).")
public final class NoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "deployment folder")
    Path deployment;

    @Parameters(index = "1", paramLabel = "TEXT", description = "the note, in quotes")
    String text;

    @Option(names = "--utc", paramLabel = "T", description = "when it applies, ISO-8601 UTC (default: now)")
    String utc;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        if (!Files.isDirectory(deployment)) {
            throw new UserError("no folder at " + deployment, "give the deployment folder");
        }
        FieldNote note = add(deployment, text, utc == null ? null : Times.parseUtc(utc));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", deployment.resolve(FieldNotes.FILE_NAME).toString());
        o.put("utcNs", note.utcNs());
        o.put("utc", Times.iso(note.utcNs()));
        o.put("text", note.text());
        o.put("host", note.host());
        output.print(o, List.of());
        return 0;
    }

    /** Appends a field note to the deployment, at {@code utcNs} or (null) now, from this host; the CLI's and the app's. */
    public static FieldNote add(Path deployment, String text, Long utcNs) {
        FieldNote note = new FieldNote(utcNs == null ? UtcNanos.toEpochNs(Instant.now()) : utcNs, text, host());
        FieldNotes.append(deployment, note);
        return note;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
