package io.tidemark.sync.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tshark capturing on an interface inside a namespace and printing chosen fields of each packet
 * ({@code -T fields}, line-buffered), parsed into one map (field name → value, "" when absent) per
 * packet as it arrives. Fails (never skips) when tshark is not installed.
 */
public final class TsharkFieldCapture implements AutoCloseable {

    private final List<String> fields;
    private final Process process;
    private final List<Map<String, String>> packets = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private boolean capturing;

    private TsharkFieldCapture(List<String> fields, Process process) {
        this.fields = fields;
        this.process = process;
    }

    public static TsharkFieldCapture start(NetnsPair pair, String ns, String iface, String captureFilter,
                                           List<String> fields) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-l", "-n", "-i", iface, "-f", captureFilter,
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        boolean installed = java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "tshark")));
        if (!installed) {
            throw new AssertionError("tshark is not installed (apt-get install tshark; ./run-tests does this)");
        }
        TsharkFieldCapture c = new TsharkFieldCapture(List.copyOf(fields),
                pair.in(ns, cmd.toArray(String[]::new)).start());
        c.pump();
        return c;
    }

    private void pump() {
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String[] v = line.split("\t", -1);
                    Map<String, String> p = new LinkedHashMap<>();
                    for (int i = 0; i < fields.size(); i++) {
                        p.put(fields.get(i), i < v.length ? v[i] : "");
                    }
                    synchronized (this) {
                        packets.add(p);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // tshark stopped
            }
        }, "tshark-out");
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        stderr.append(line).append('\n');
                        capturing |= line.contains("Capturing on");
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // tshark stopped
            }
        }, "tshark-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Waits until tshark says it is capturing; false after {@code timeoutMs} or when tshark exited. */
    public synchronized boolean awaitCapturing(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!capturing && process.isAlive() && System.nanoTime() < end) {
            wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        return capturing;
    }

    /** Waits up to {@code timeoutMs} for more than {@code count} packets in all; returns what has arrived. */
    public synchronized List<Map<String, String>> awaitMoreThan(int count, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (packets.size() <= count && process.isAlive() && System.nanoTime() < end) {
            wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        }
        return List.copyOf(packets);
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
