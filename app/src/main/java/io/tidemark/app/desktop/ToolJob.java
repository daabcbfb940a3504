package io.tidemark.app.desktop;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;

/**
 * A long Tools operation (export, align) on a thread of its own: its progress on a bar, Cancel, and its outcome as
 * one line. Cancel interrupts the thread, which ends its file reads and writes at once, and removes the output the
 * job had begun (the exporter never writes over a file, so a new one is the job's own; nothing recorded is touched).
 */
final class ToolJob {

    /** The work; returns the line that says what it wrote. */
    interface Work {
        String run(DoubleConsumer progress) throws Exception;
    }

    private final String name;
    private final Button go;
    private final Button cancel;
    private final ProgressBar progress;
    private final Label result;
    private volatile boolean cancelled;
    private volatile Thread thread;

    ToolJob(String name, Button go, Button cancel, ProgressBar progress, Label result) {
        this.name = name;
        this.go = go;
        this.cancel = cancel;
        this.progress = progress;
        this.result = result;
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            cancelled = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        });
    }

    /** Starts {@code work} writing {@code output}; call on the FX thread. */
    void start(Path output, Work work) {
        cancelled = false;
        go.setDisable(true);
        cancel.setDisable(false);
        progress.setProgress(0);
        result.setText(name + "ing…");
        boolean existed = Files.exists(output);
        Thread t = new Thread(() -> {
            String line;
            try {
                line = work.run(f -> {
                    if (cancelled) {
                        throw new CancellationException();
                    }
                    Platform.runLater(() -> progress.setProgress(f));
                });
            } catch (Exception | Error e) {
                if (cancelled) { // the interrupt or the progress check ended it
                    if (!existed) {
                        try {
                            Files.deleteIfExists(output);
                        } catch (Exception ignored) {
                            // left behind; its length says it is partial
                        }
                    }
                    line = "cancelled; nothing written";
                } else {
                    line = name + " failed: " + StationClient.oneLine(e);
                }
            }
            String shown = line;
            Platform.runLater(() -> {
                result.setText(shown);
                go.setDisable(false);
                cancel.setDisable(true);
            });
        }, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Shows an intermediate step (e.g. muxing after the clip); any thread. */
    void say(String line) {
        Platform.runLater(() -> result.setText(line));
    }
}
