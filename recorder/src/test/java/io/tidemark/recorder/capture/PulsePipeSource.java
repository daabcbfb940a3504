package io.tidemark.recorder.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PulseAudio server whose default source is a pipe source reading a FIFO, with ALSA's
 * default PCM routed to it: Java Sound then captures, paced in real time, whatever a writer puts
 * into the FIFO. Own HOME and XDG_RUNTIME_DIR (unique names), so tests running alongside do not meet;
 * {@link #close()} stops the server and removes the folders.
 */
public final class PulsePipeSource implements AutoCloseable {

    /** ALSA's 8-channel order, so PulseAudio does not remap channels between source and client. */
    static final String CHANNEL_MAP_8 =
            "front-left,front-right,rear-left,rear-right,front-center,lfe,side-left,side-right";

    final Path root;
    final Path home;
    final Path runtime;
    public final Path fifo;
    private final Map<String, String> env = new HashMap<>();
    private boolean started;
    private long daemonPid = -1;

    public PulsePipeSource(int channels, int rateHz) throws IOException, InterruptedException {
        if (channels != 8) {
            throw new IllegalArgumentException("this rig is set up for 8 channels");
        }
        root = Files.createTempDirectory("tidemark-pulse-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        home = Files.createDirectories(root.resolve("home"));
        runtime = Files.createDirectory(root.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        fifo = root.resolve("fifo");
        Files.writeString(home.resolve(".asoundrc"), "pcm.!default { type pulse }\nctl.!default { type pulse }\n");
        // Never let a client start a stray default server if ours is not there.
        Path clientConf = Files.createDirectories(home.resolve(".config").resolve("pulse")).resolve("client.conf");
        Files.writeString(clientConf, "autospawn = no\n");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        try {
            // module-pipe-source makes the FIFO itself (and refuses one that exists).
            exec(60, "pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n",
                    "--log-target=file:" + root.resolve("pulseaudio.log"),
                    "--load=module-native-protocol-unix",
                    "--load=module-pipe-source source_name=fifo file=" + fifo + " format=s16le rate=" + rateHz
                            + " channels=" + channels + " channel_map=" + CHANNEL_MAP_8,
                    "--load=module-null-sink");
            started = true;
            daemonPid = readDaemonPid();
            if (!Files.exists(fifo)) {
                throw new IOException("PulseAudio did not create its pipe source: "
                        + Files.readString(root.resolve("pulseaudio.log")));
            }
            exec(30, "pactl", "set-default-source", "fifo");
        } catch (IOException | RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Environment under which ALSA (and so Java Sound) reaches this server. */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    String exec(long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile(root, "exec-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " hung");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", List.of(cmd)) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (started) {
                try {
                    exec(20, "pactl", "exit");
                } catch (IOException e) {
                    killDaemon();
                }
                waitForExit();
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Path pidFile() {
        return runtime.resolve("pulse").resolve("pid");
    }

    // Read once, at start: on exit the daemon empties and removes its pid file, so reading it while
    // closing races with the exit (an empty file failed a test's close).
    private long readDaemonPid() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile())) {
                String text = Files.readString(pidFile()).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("pulseaudio wrote no pid file in 10 s: " + Files.readString(root.resolve("pulseaudio.log")));
    }

    private void killDaemon() {
        if (daemonPid > 0) {
            ProcessHandle.of(daemonPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void waitForExit() throws InterruptedException {
        if (daemonPid <= 0) {
            return;
        }
        var handle = ProcessHandle.of(daemonPid);
        if (handle.isPresent()) {
            try {
                handle.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                handle.get().destroyForcibly();
            }
        }
    }
}
