package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real media tools (ffprobe, mediainfo, sox, sndfile-info); a missing tool fails the test. */
final class MediaTools {

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private MediaTools() {
    }

    static Run run(String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (./run-tests installs it): " + e.getMessage());
        }
        p.getOutputStream().close();
        byte[][] out = new byte[2][];
        Thread t = new Thread(() -> {
            try {
                out[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                out[1] = new byte[0];
            }
        });
        t.start();
        out[0] = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        t.join();
        return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8),
                new String(out[1], StandardCharsets.UTF_8));
    }

    static Run ok(String... command) throws IOException, InterruptedException {
        Run r = run(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.all());
        }
        return r;
    }

    /**
     * The lines a tool prints up to and including the first that starts with {@code lastPrefix}; then
     * the tool is stopped. For tools that print a file's header first and then scan all its audio
     * (sndfile-info's "Signal Max"), which on a 4 GiB file takes minutes.
     */
    static List<String> headerLines(String lastPrefix, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed (./run-tests installs it): " + e.getMessage());
        }
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith(lastPrefix)) {
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (lines.isEmpty() || !lines.get(lines.size() - 1).startsWith(lastPrefix)) {
            throw new AssertionError(String.join(" ", command) + " printed no line starting '" + lastPrefix + "': " + lines);
        }
        return lines;
    }

    /** ffprobe's value of one entry, e.g. ("format_tags=time_reference"). */
    static String ffprobe(Path file, String entries) throws IOException, InterruptedException {
        return ok("ffprobe", "-v", "error", "-show_entries", entries, "-of", "default=noprint_wrappers=1:nokey=1",
                file.toString()).stdout().trim();
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
