package io.tidemark.analysis.video;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs ffprobe or ffmpeg and hands back what it printed. A missing program or a failure becomes one
 * line naming the program, the last line of its own error output and the remedy.
 */
final class ExternalProgram {

    private ExternalProgram() {
    }

    /** Runs {@code command}; returns its standard output, or throws a {@link VideoException} with {@code remedy}. */
    static String run(List<String> command, String remedy) {
        String program = command.get(0);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new VideoException(program + " is not installed or cannot run (" + e.getMessage() + ")",
                    "install it (Debian: apt-get install ffmpeg)", e);
        }
        // Both streams drain at once, or a chatty program would block on a full pipe.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new VideoException(program + " was interrupted", "run the command again");
        }
        if (rc != 0) {
            String lastLine = err.join().strip().lines().reduce((a, b) -> b).orElse("exit code " + rc);
            throw new VideoException(program + " failed: " + lastLine, remedy);
        }
        return out;
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
