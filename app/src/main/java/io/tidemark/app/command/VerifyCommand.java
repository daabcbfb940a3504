package io.tidemark.app.command;

import io.tidemark.analysis.integrity.FileCheck;
import io.tidemark.analysis.integrity.FileVerifier;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark verify TARGET [--copy DIR] [--json]}: re-reads every audio file of a session or a
 * deployment, or of its copy, and compares its audio data's SHA-256 with the one taken as it was
 * recorded. Exit code 0 when every file matches, 1 when any is damaged, missing or unreadable.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks every audio file of a session or deployment (or of a copy of it) against the SHA-256 "
                + "taken as it was recorded: match, mismatch, missing or unreadable.")
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "a session folder, or a deployment folder of sessions")
    Path target;

    @Option(names = "--copy", paramLabel = "DIR", description = "check the copy in DIR (laid out as TARGET) instead")
    Path copy;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(target)) {
            throw new UserError("no folder at " + target, "give a session folder or a deployment folder");
        }
        if (copy != null && !Files.isDirectory(copy)) {
            throw new UserError("no folder at " + copy, "give --copy the folder that holds the copy");
        }
        if (FileVerifier.sessions(target).isEmpty()) {
            throw new UserError(target + " holds no session", "give a session folder (with session.db) or the folder"
                    + " that holds sessions");
        }
        long[] reported = {0};
        List<FileCheck> checks = FileVerifier.verify(target, copy, bytes -> {
            if (bytes - reported[0] >= 1L << 30) { // about one line per GiB read
                reported[0] = bytes;
                System.err.printf(Locale.ROOT, "verify: %.1f GiB read%n", bytes / (double) (1L << 30));
            }
        });
        Map<FileCheck.Status, Integer> counts = new EnumMap<>(FileCheck.Status.class);
        for (FileCheck c : checks) {
            counts.merge(c.status(), 1, Integer::sum);
        }
        boolean ok = checks.stream().noneMatch(c -> c.status().problem());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("target", target.toString());
            o.put("copy", copy == null ? null : copy.toString());
            o.put("ok", ok);
            o.put("counts", counts);
            o.put("files", checks);
            System.out.println(Json.write(o));
        } else {
            for (FileCheck c : checks) {
                System.out.printf("%-10s %s/%s  %s%n", c.status(), c.session(), c.path(), c.detail());
            }
            System.out.println(checks.size() + " files: " + counts + (ok ? "; all as recorded" : "; PROBLEMS FOUND"));
        }
        return ok ? 0 : 1;
    }
}
