package io.tidemark.analysis.report;

import io.tidemark.analysis.report.SessionReportData.ClockEventPoint;
import io.tidemark.analysis.report.SessionReportData.NtpExchange;
import io.tidemark.recorder.stamp.BufferStamp;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Predicate;

/**
 * The report's plots, drawn by JFreeChart off screen and written as PNG files (never over an
 * existing file). Every plot has UTC on its time axis.
 */
public final class ReportCharts {

    static {
        // No display is needed, or wanted: a report is written on servers and in CI.
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH_PX = 1100;
    public static final int HEIGHT_PX = 420;
    /** Scatter plots keep at most this many points per series (evenly spread), for a readable picture. */
    static final int MAX_POINTS = 20_000;

    /** One written plot. */
    public record Plot(String file, String title, String caption, int widthPx, int heightPx) {
    }

    private ReportCharts() {
    }

    /** Draws every plot into {@code dir}, calling {@code progress} with each file name as it is written. */
    public static List<Plot> writeAll(SessionReportData d, Path dir, java.util.function.Consumer<String> progress)
            throws IOException {
        List<Plot> plots = new ArrayList<>();
        plots.add(write(dir, "rate-ppm.png", "Device rate error against UTC",
                "ppm over each knot interval of the fitted sample clock (positive: more samples per UTC second than"
                        + " nominal); one line per clock segment", rate(d), HEIGHT_PX, progress));
        plots.add(write(dir, "residuals.png", "Buffer arrival above the fitted lower envelope",
                "the lowest and highest latency in each of up to " + SessionReportData.RESIDUAL_BINS + " time bins, µs",
                residuals(d), HEIGHT_PX, progress));
        plots.add(write(dir, "ntp-offset.png", "NTP offset",
                "UTC − CLOCK_REALTIME as the client measured it, ms; accepted and rejected exchanges",
                ntp(d, "offset (ms)", x -> x.offsetNs() / 1e6), HEIGHT_PX, progress));
        plots.add(write(dir, "ntp-delay.png", "NTP round-trip delay",
                "ms; accepted and rejected exchanges (the model uses the faster half of the accepted ones)",
                ntp(d, "delay (ms)", x -> x.delayNs() / 1e6), HEIGHT_PX, progress));
        plots.add(write(dir, "sync-states.png", "Sync state and clock events",
                "top: the sync state stamped on each buffer; bottom: frequency adjustment in force after each"
                        + " clock event, ppm", syncStates(d), HEIGHT_PX * 3 / 2, progress));
        plots.add(write(dir, "gaps.png", "Gaps",
                "audio lost (or clock discontinuities) where the model starts a new segment, ms lost",
                gaps(d), HEIGHT_PX, progress));
        return plots;
    }

    private static Plot write(Path dir, String file, String title, String caption, JFreeChart chart, int heightPx,
                              java.util.function.Consumer<String> progress) throws IOException {
        chart.setTitle(title);
        try (OutputStream out = Files.newOutputStream(dir.resolve(file), StandardOpenOption.CREATE_NEW)) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH_PX, heightPx);
        }
        progress.accept(file);
        return new Plot(file, title, caption, WIDTH_PX, heightPx);
    }

    private static JFreeChart rate(SessionReportData d) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<Integer, XYSeries> bySegment = new LinkedHashMap<>();
        for (var p : d.rate()) {
            bySegment.computeIfAbsent(p.segment(), i -> {
                XYSeries s = new XYSeries("segment " + (i + 1), false, true);
                data.addSeries(s);
                return s;
            }).add(ms(p.utcNs()), p.ratePpm());
        }
        return chart(data, "rate error (ppm)", true, "no fitted rate");
    }

    private static JFreeChart residuals(SessionReportData d) {
        XYSeries hi = new XYSeries("highest in bin", false, true);
        XYSeries lo = new XYSeries("lowest in bin", false, true);
        for (var b : d.residuals()) {
            hi.add(ms(b.utcNs()), b.maxNs() / 1e3);
            lo.add(ms(b.utcNs()), b.minNs() / 1e3);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(hi);
        data.addSeries(lo);
        return chart(data, "latency above envelope (µs)", true, "no buffers");
    }

    private static JFreeChart ntp(SessionReportData d, String axis, java.util.function.ToDoubleFunction<NtpExchange> value) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(sampled("accepted", d.ntp(), NtpExchange::accepted, value));
        data.addSeries(sampled("rejected", d.ntp(), x -> !x.accepted(), value));
        return chart(data, axis, false, "no NTP exchanges in this session");
    }

    private static XYSeries sampled(String name, List<NtpExchange> all, Predicate<NtpExchange> which,
                                    java.util.function.ToDoubleFunction<NtpExchange> value) {
        List<NtpExchange> kept = all.stream().filter(which).toList();
        int stride = Math.max(1, (kept.size() + MAX_POINTS - 1) / MAX_POINTS);
        XYSeries s = new XYSeries(name + (stride > 1 ? " (every " + stride + "th)" : ""), false, true);
        for (int i = 0; i < kept.size(); i += stride) {
            s.add(ms(kept.get(i).utcNs()), value.applyAsDouble(kept.get(i)));
        }
        return s;
    }

    /** The axis's labels, indexed by sync-state code. */
    private static String[] syncStateTexts() {
        String[] texts = new String[BufferStamp.SyncState.values().length];
        for (BufferStamp.SyncState s : BufferStamp.SyncState.values()) {
            texts[s.code] = s.text;
        }
        return texts;
    }

    private static JFreeChart syncStates(SessionReportData d) {
        XYSeries state = new XYSeries("sync state", false, true);
        for (var run : d.syncStates()) {
            state.add(ms(run.startUtcNs()), run.state());
            state.add(ms(run.endUtcNs()), run.state());
        }
        XYPlot top = new XYPlot(new XYSeriesCollection(state), null,
                new SymbolAxis("sync state", syncStateTexts()), new XYStepRenderer());
        top.setNoDataMessage("no buffers");
        XYSeriesCollection events = new XYSeriesCollection();
        Map<String, XYSeries> byKind = new LinkedHashMap<>();
        for (ClockEventPoint e : d.clockEvents()) {
            byKind.computeIfAbsent(e.kind(), k -> {
                XYSeries s = new XYSeries(k, false, true);
                events.addSeries(s);
                return s;
            }).add(ms(e.utcNs()), e.frequencyPpm());
        }
        XYPlot bottom = new XYPlot(events, null, new NumberAxis("frequency (ppm)"), dots());
        bottom.setNoDataMessage("no clock events (the clock was not disciplined)");
        ((NumberAxis) bottom.getRangeAxis()).setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(utcAxis());
        plot.add(top, 1);
        plot.add(bottom, 1);
        plot.setGap(12);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart gaps(SessionReportData d) {
        XYSeries lost = new XYSeries("lost", false, true);
        for (var g : d.gaps()) {
            lost.add(ms(g.utcNs()), g.lostNs() / 1e6);
        }
        return chart(new XYSeriesCollection(lost), "lost (ms)", false, "no gaps");
    }

    private static JFreeChart chart(XYSeriesCollection data, String rangeLabel, boolean lines, String noData) {
        JFreeChart chart = ChartFactory.createXYLineChart(null, "UTC", rangeLabel, data);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(utcAxis());
        plot.setRenderer(lines ? new XYLineAndShapeRenderer(true, false) : dots());
        plot.setNoDataMessage(noData);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYLineAndShapeRenderer dots() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setDefaultShape(new Ellipse2D.Double(-2, -2, 4, 4));
        r.setAutoPopulateSeriesShape(false);
        return r;
    }

    private static DateAxis utcAxis() {
        DateAxis axis = new DateAxis("UTC");
        axis.setTimeZone(TimeZone.getTimeZone("UTC"));
        return axis;
    }

    /** UTC ns → the epoch milliseconds JFreeChart's date axis counts in. */
    private static double ms(long utcNs) {
        return utcNs / 1e6;
    }
}
