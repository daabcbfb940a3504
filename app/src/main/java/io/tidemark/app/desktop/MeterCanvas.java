package io.tidemark.app.desktop;

import io.tidemark.app.station.api.ChannelReading;
import javafx.animation.AnimationTimer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.List;

/**
 * A meter per channel (peak bar, RMS bar, peak hold, clip lamp, "silent"), drawn on one canvas by an
 * animation timer at a capped frame rate: one canvas for all channels keeps the app's CPU low.
 */
public final class MeterCanvas extends Canvas {

    static final double FLOOR_DBFS = -90;
    private static final long HOLD_NS = 2_000_000_000L;

    private final long frameNs;
    private volatile List<ChannelReading> levels = List.of();
    private volatile List<ChannelReading> shown = List.of();
    private double[] holdDbfs = new double[0];
    private long[] holdSinceNs = new long[0];
    private long[] clipUntilNs = new long[0];
    private long lastFrameNs;
    private volatile boolean connected = true;
    private volatile boolean recording = true;
    /** New levels or connection state since the last frame; without them a frame is drawn only for hold decay. */
    private volatile boolean dirty = true;
    private long lastDrawNs;
    private final AnimationTimer timer;

    public MeterCanvas(double width, double height, int framesPerSecond) {
        super(width, height);
        this.frameNs = 1_000_000_000L / framesPerSecond;
        this.timer = new AnimationTimer() {
            @Override
            public void handle(long nowNs) {
                if (nowNs - lastFrameNs >= frameNs) {
                    lastFrameNs = nowNs;
                    // redrawing unchanged levels was most of the app's CPU; peak hold and clip lamp
                    // change at most every half second, so that is the longest a frame may wait
                    if (dirty || nowNs - lastDrawNs > 500_000_000L) {
                        dirty = false;
                        lastDrawNs = nowNs;
                        draw(nowNs);
                    }
                }
            }
        };
    }

    public void start() {
        timer.start();
    }

    public void stop() {
        timer.stop();
    }

    /** Any thread. */
    public void setLevels(List<ChannelReading> levels) {
        this.levels = List.copyOf(levels);
        dirty = true;
    }

    /** Stopped: the station's levels are its last session's, so none are drawn. Any thread. */
    public void setRecording(boolean recording) {
        if (this.recording != recording) {
            this.recording = recording;
            dirty = true;
        }
    }

    public void setConnected(boolean connected) {
        this.connected = connected;
        dirty = true;
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
            }
            g.setFill(Color.WHITE);
            g.fillText(c.channel() + " " + c.name(), 8, y + barH * 0.8);
            double x0 = labelW;
            g.setFill(Color.rgb(50, 54, 60));
            g.fillRect(x0, y, barW, barH);
            if (c.silent() || !connected) {
                g.setFill(Color.GRAY);
                g.fillText(!connected ? "disconnected" : "silent", x0 + 8, y + barH * 0.8);
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
            g.setFill(Color.LIGHTGRAY);
            g.fillText(valueText(c, connected), lampX + 24, y + barH * 0.8);
        }
        shown = ls;
    }

    /** The figures drawn beside a meter. */
    static String valueText(ChannelReading c, boolean connected) {
        return !connected ? "—" : c.silent() ? "silent" : String.format("pk %6.1f  rms %6.1f dBFS", c.peakDbfs(), c.rmsDbfs());
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
