package io.tidemark.recorder.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh JVM with its own environment. Java Sound reads
 * ALSA's configuration (~/.asoundrc) once, inside the process, so a test that needs its own ALSA
 * default must capture in a JVM started with HOME pointing at it.
 */
public final class ChildJvm {

    public record Result(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    public static Result run(Map<String, String> env, long timeoutSeconds, Path logFile, Class<?> main, String... args)
            throws IOException, InterruptedException {
        return await(start(env, logFile, main, args), timeoutSeconds, logFile, main);
    }

    /** Starts the child without waiting (a test that signals it: SIGSTOP); {@link #await} collects it. */
    static Process start(Map<String, String> env, Path logFile, Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static Result await(Process p, long timeoutSeconds, Path logFile, Class<?> main)
            throws IOException, InterruptedException {
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish in " + timeoutSeconds
                        + " s; output:\n" + Files.readString(logFile, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(logFile, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
