package io.tidemark.app.desktop;

import io.tidemark.app.station.api.ChannelReading;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A meter per channel (peak bar, RMS bar, peak hold, clip lamp, "silent"), drawn on one canvas by an
 * animation timer at a capped frame rate: one canvas for all channels keeps the app's CPU low.
 */
public final class MeterCanvas extends Canvas {

    static final double FLOOR_DBFS = -90;
    private static final Color SILENT_BAR = Color.rgb(110, 70, 10);
    private static final Color SILENT_TEXT = Color.rgb(255, 190, 60);
    private static final long HOLD_NS = 2_000_000_000L;

    private final long frameNs;
    private volatile List<ChannelReading> levels = List.of();
    private volatile List<ChannelReading> shown = List.of();
    private double[] holdDbfs = new double[0];
    private long[] holdSinceNs = new long[0];
    private long[] clipUntilNs = new long[0];
    private volatile boolean connected = true;
    private volatile boolean recording = true;
    /** Something to draw since the last frame: new levels, a connection or recording change, a hold or lamp due to fall. */
    private volatile boolean dirty = true;
    /** When the next peak hold or clip lamp falls (System.nanoTime); until then unchanged levels need no frame. */
    private volatile long nextChangeNs = Long.MAX_VALUE;
    private long lastDrawNs;
    /** The timer runs only while a frame is due: a running AnimationTimer alone keeps JavaFX pulsing 60 times a second. */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private final AnimationTimer timer;

    public MeterCanvas(double width, double height, int framesPerSecond) {
        super(width, height);
        this.frameNs = 1_000_000_000L / framesPerSecond;
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long pulseNs) {
                long nowNs = System.nanoTime();
                if (nowNs - lastDrawNs < frameNs) {
                    return; // at most framesPerSecond
                }
                dirty = false;
                lastDrawNs = nowNs;
                draw(nowNs);
                if (!dirty) {
                    stop();
                    running.set(false);
                    // a wake between the check and the flag found it running and left it to us
                    if (dirty && !stopped && running.compareAndSet(false, true)) {
                        start();
                    }
                }
            }
        };
    }

    public void start() {
        stopped = false;
        wake();
    }

    public void stop() {
        stopped = true;
        timer.stop();
        running.set(false);
    }

    /** Asks for a frame; any thread. */
    private void wake() {
        dirty = true;
        if (!stopped && running.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                if (stopped) {
                    running.set(false);
                } else {
                    timer.start();
                }
            });
        }
    }

    /** Any thread. Levels equal to those drawn (the station's window is one second) cost no frame. */
    public void setLevels(List<ChannelReading> levels) {
        if (!levels.equals(this.levels) || System.nanoTime() >= nextChangeNs) {
            this.levels = List.copyOf(levels);
            wake();
        }
    }

    /** Stopped: the station's levels are its last session's, so none are drawn. Any thread. */
    public void setRecording(boolean recording) {
        if (this.recording != recording) {
            this.recording = recording;
            wake();
        }
    }

    public void setConnected(boolean connected) {
        if (this.connected != connected) {
            this.connected = connected;
            wake();
        }
    }

    public List<ChannelReading> levels() {
        return levels;
    }

    void draw(long nowNs) {
        List<ChannelReading> ls = levels;
        int n = ls.size();
        if (holdDbfs.length != n) {
            holdDbfs = new double[n];
            holdSinceNs = new long[n];
            clipUntilNs = new long[n];
            java.util.Arrays.fill(holdDbfs, FLOOR_DBFS);
        }
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.setFill(Color.rgb(24, 26, 30));
        g.fillRect(0, 0, w, h);
        g.setFont(Font.font(12));
        if (n == 0 || connected && !recording) {
            g.setFill(Color.LIGHTGRAY);
            g.fillText(!connected ? "disconnected" : !recording ? "not recording: Start begins a new session"
                    : "waiting for levels…", 12, 24);
            shown = List.of();
            return;
        }
        long next = Long.MAX_VALUE;
        double labelW = 110;
        double valueW = 170;
        double rowH = Math.min(40, (h - 20) / n);
        double barW = w - labelW - valueW - 40;
        for (int i = 0; i < n; i++) {
            ChannelReading c = ls.get(i);
            double y = 10 + i * rowH;
            double barH = rowH * 0.6;
            if (c.peakDbfs() >= holdDbfs[i] || nowNs - holdSinceNs[i] > HOLD_NS) {
                holdDbfs[i] = c.peakDbfs();
                holdSinceNs[i] = nowNs;
            }
            if (c.clippedSamples() > 0) {
                clipUntilNs[i] = nowNs + HOLD_NS;
            } else if (clipUntilNs[i] > nowNs) {
                next = Math.min(next, clipUntilNs[i]); // the lamp goes out then
            }
            if (holdDbfs[i] > c.peakDbfs()) {
                next = Math.min(next, holdSinceNs[i] + HOLD_NS); // the hold falls then
            }
            boolean dead = connected && c.silent();
            g.setFill(dead ? SILENT_TEXT : Color.WHITE);
            g.fillText(c.channel() + " " + c.name(), 8, y + barH * 0.8);
            double x0 = labelW;
            // a dead microphone must catch the eye from across the room: the whole bar turns amber
            g.setFill(dead ? SILENT_BAR : Color.rgb(50, 54, 60));
            g.fillRect(x0, y, barW, barH);
            if (dead || !connected) {
                g.setFill(dead ? SILENT_TEXT : Color.GRAY);
                g.fillText(!connected ? "disconnected" : "SILENT: no sound from this microphone", x0 + 8, y + barH * 0.8);
            } else {
                g.setFill(Color.rgb(40, 150, 80));
                g.fillRect(x0, y, barW * fraction(c.rmsDbfs()), barH);
                g.setFill(c.peakDbfs() > -6 ? Color.rgb(230, 170, 40) : Color.rgb(90, 200, 120));
                g.fillRect(x0, y + barH * 0.7, barW * fraction(c.peakDbfs()), barH * 0.3);
                g.setFill(Color.WHITE);
                g.fillRect(x0 + barW * fraction(holdDbfs[i]) - 1, y, 2, barH);
            }
            double lampX = x0 + barW + 8;
            g.setFill(connected && nowNs < clipUntilNs[i] ? Color.RED : Color.rgb(70, 30, 30));
            g.fillOval(lampX, y + barH * 0.2, barH * 0.6, barH * 0.6);
            g.setFill(dead ? SILENT_TEXT : Color.LIGHTGRAY);
            g.fillText(valueText(c, connected), lampX + 24, y + barH * 0.8);
        }
        shown = ls;
        nextChangeNs = next;
    }

    /** The figures drawn beside a meter. */
    static String valueText(ChannelReading c, boolean connected) {
        return !connected ? "—" : c.silent() ? String.format("silent  rms %6.1f dBFS", c.rmsDbfs())
                : String.format("pk %6.1f  rms %6.1f dBFS", c.peakDbfs(), c.rmsDbfs());
    }

    /** The readings of the last frame drawn (for tests: what is on screen, not what arrived). */
    public List<ChannelReading> shown() {
        return shown;
    }

    public boolean connected() {
        return connected;
    }

    static double fraction(double dbfs) {
        if (!Double.isFinite(dbfs)) {
            return 0;
        }
        return Math.max(0, Math.min(1, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS));
    }
}
