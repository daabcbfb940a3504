package io.tidemark.app.desktop;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.FieldNote;
import io.tidemark.analysis.deployment.Gap;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.app.command.NoteCommand;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.analysis.report.ReportCharts;
import io.tidemark.analysis.report.SessionReportData;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Deployment view: the deployment's timeline (sessions, the gaps between them with their cause, field notes) as
 * {@link Deployment} reads it for {@code tidemark index}, a picked row's details, and a field note added the way
 * {@code tidemark note} adds it.
 */
public final class DeploymentView extends BorderPane {

    /** One line of the timeline: exactly one of session, gap, note is set. */
    record Row(long utcNs, String text, SessionSpan session, Gap gap, FieldNote note) {
    }

    final ListView<String> timeline = new ListView<>();
    final TextArea summary = new TextArea();
    final TextField noteText = new TextField();
    final Button addNote = new Button("Add note");
    final Label message = new Label("");
    final Button report = new Button("Segments and plots");
    final Button refresh = new Button("Read the folder again");
    final VBox plots = new VBox(8);
    private Path plotDir;
    private final Path deployment;
    private final List<Row> rows = new ArrayList<>();

    public DeploymentView(Path deployment) {
        this.deployment = deployment;
        setPadding(new Insets(8));
        summary.setEditable(false);
        summary.setPrefColumnCount(50);
        summary.setStyle("-fx-font-family: monospace;"); // the details' columns line up
        timeline.setPrefWidth(640); // a row holds UTC, local, the session id and its length
        timeline.setStyle("-fx-font-family: monospace;");
        if (deployment == null) {
            setCenter(new Label("no deployment folder: start the app with --deployment DIR"));
            return;
        }
        noteText.setPromptText("what happened (e.g. windshield back on mic 3)");
        HBox.setHgrow(noteText, Priority.ALWAYS);
        addNote.setOnAction(e -> addNote());
        message.setWrapText(true);
        HBox notes = new HBox(8, new Label("field note"), noteText, addNote, message);
        notes.setPadding(new Insets(8, 0, 0, 0));
        setBottom(notes);
        setLeft(timeline);
        report.setOnAction(e -> report());
        refresh.setOnAction(e -> reload()); // a station recording into the folder adds sessions
        ScrollPane plotScroll = new ScrollPane(plots);
        plotScroll.setFitToWidth(true);
        VBox.setVgrow(plotScroll, Priority.ALWAYS);
        summary.setMinHeight(250); // the details stay readable above the plots
        setCenter(new VBox(8, summary, AlignPane.row(report, refresh), plotScroll));
        timeline.getSelectionModel().selectedIndexProperty().addListener((o, was, i) -> {
            if (i.intValue() >= 0 && i.intValue() < rows.size()) {
                summary.setText(details(rows.get(i.intValue())));
                plots.getChildren().clear();
                report.setDisable(rows.get(i.intValue()).session() == null);
            }
        });
        reload();
    }

    /** Reads the folder again (new sessions, notes). */
    void reload() {
        if (deployment == null) {
            return;
        }
        rows.clear();
        Deployment d;
        try {
            d = Deployment.open(deployment, n -> { });
        } catch (RuntimeException e) {
            timeline.getItems().clear();
            summary.setText("");
            message.setText(StationClient.oneLine(e));
            return;
        }
        for (SessionSpan s : d.sessions()) {
            rows.add(new Row(s.firstUtcNs(), UtcText.of(s.firstUtcNs()) + "  " + s.sessionId() + "  "
                    + UtcText.duration(s.durationNs()), s, null, null));
        }
        for (Gap g : d.gaps()) {
            rows.add(new Row(g.startUtcNs(), "   gap " + UtcText.duration(g.lengthNs()) + "  " + g.cause().text(),
                    null, g, null));
        }
        for (FieldNote n : d.notes().notes()) {
            rows.add(new Row(n.utcNs(), UtcText.of(n.utcNs()) + "  note: " + n.text(), null, null, n));
        }
        rows.sort(Comparator.comparingLong(Row::utcNs));
        timeline.getItems().setAll(rows.stream().map(Row::text).toList());
        if (!d.warnings().isEmpty()) {
            message.setText(String.join("; ", d.warnings()));
        }
        if (!rows.isEmpty()) {
            timeline.getSelectionModel().select(0);
            summary.setText(details(rows.get(0)));
        }
    }

    /**
     * The picked session's clock segments (rate, residual RMS) and the plots of {@code tidemark report}, drawn into a
     * folder of the app's own (never into the session's).
     */
    private void report() {
        int i = timeline.getSelectionModel().getSelectedIndex();
        if (i < 0 || rows.get(i).session() == null) {
            return;
        }
        SessionSpan s = rows.get(i).session();
        report.setDisable(true);
        message.setText("fitting " + s.sessionId() + "…");
        Thread t = new Thread(() -> {
            try {
                TimeModel m = TimeModelStore.loadOrFit(s.dir(), false, n -> { });
                SessionReportData d;
                try (SessionReader reader = SessionReader.open(s.dir())) {
                    d = SessionReportData.read(reader, m, n -> { });
                }
                if (plotDir == null) {
                    plotDir = Files.createTempDirectory("tidemark-app-plots-");
                    plotDir.toFile().deleteOnExit();
                }
                Path dir = Files.createTempDirectory(plotDir, s.sessionId() + "-"); // a fresh folder: never over a file
                dir.toFile().deleteOnExit(); // the app's own pictures: gone with the app (files first, then folders)
                List<ReportCharts.Plot> written = ReportCharts.writeAll(d, dir, f -> dir.resolve(f).toFile().deleteOnExit());
                StringBuilder b = new StringBuilder("\n\nsegment  from                              rate ppm   residual RMS");
                for (SessionReportData.SegmentRate r : d.segments()) {
                    b.append(String.format("%n%7d  %s  %+9.3f   %9.3f ms", r.index(), UtcText.of(r.startUtcNs()),
                            r.ratePpm(), r.residualRmsNs() / 1e6));
                }
                Platform.runLater(() -> {
                    summary.appendText(b.toString());
                    plots.getChildren().clear();
                    for (ReportCharts.Plot p : written) {
                        Path png = dir.resolve(p.file());
                        ImageView v = new ImageView(new Image(png.toUri().toString()));
                        v.setPreserveRatio(true);
                        v.setFitWidth(700);
                        Label caption = new Label(p.caption()); // the chart carries its title
                        caption.setWrapText(true);
                        plots.getChildren().addAll(v, caption);
                    }
                    message.setText("");
                    report.setDisable(false);
                });
            } catch (Exception | Error e) {
                Platform.runLater(() -> {
                    message.setText("cannot report " + s.sessionId() + ": " + StationClient.oneLine(e));
                    report.setDisable(false);
                });
            }
        }, "report");
        t.setDaemon(true);
        t.start();
    }

    private void addNote() {
        String text = noteText.getText().trim();
        if (text.isEmpty()) {
            message.setText("the note is empty; type what happened first");
            return;
        }
        try {
            FieldNote n = NoteCommand.add(deployment, text, null);
            noteText.clear();
            reload();
            message.setText("note added at " + UtcText.of(n.utcNs()));
        } catch (RuntimeException e) {
            message.setText("cannot add the note: " + StationClient.oneLine(e));
        }
    }

    private static String details(Row r) {
        if (r.gap() != null) {
            Gap g = r.gap();
            return "gap       " + UtcText.duration(g.lengthNs())
                    + "\nfrom      " + UtcText.of(g.startUtcNs())
                    + "\nto        " + UtcText.of(g.endUtcNs())
                    + "\nafter     " + g.afterSession()
                    + "\nbefore    " + g.beforeSession()
                    + "\ncause     " + g.cause().text()
                    + "\nbecause   " + g.detail();
        }
        if (r.note() != null) {
            return "note      " + r.note().text() + "\nat        " + UtcText.of(r.note().utcNs()) + "\nfrom host " + r.note().host();
        }
        SessionSpan s = r.session();
        StringBuilder b = new StringBuilder()
                .append("session   ").append(s.sessionId())
                .append("\nchannels  ").append(s.channels()).append(" @ ").append(s.sampleRateHz()).append(" Hz, ")
                .append(s.bitsPerSample()).append(" bit")
                .append("\nfirst     ").append(UtcText.of(s.firstUtcNs()))
                .append("\nend       ").append(UtcText.of(s.endUtcNs()))
                .append("\nlength    ").append(UtcText.duration(s.durationNs())).append(" (").append(s.frames()).append(" frames)")
                .append(String.format("%nUTC ±    %.3f ms (%s)", s.uncertaintyNs() / 1e6, s.timeSource()))
                .append("\nstopped   ").append(s.stopReason() == null ? "— (recording, or crashed)" : s.stopReason())
                .append("\nfiles     ").append(s.files().size());
        if (!s.channelNames().isEmpty()) {
            b.append("\nnames     ").append(String.join(", ", s.channelNames()));
        }
        try (SessionReader reader = SessionReader.open(s.dir())) {
            SessionInfo i = reader.session();
            b.append("\ndevice    ").append(i.device()).append(i.simulated() ? " (simulated)" : "")
                    .append("\nhost      ").append(i.host());
        } catch (Exception e) {
            b.append("\n(").append(StationClient.oneLine(e)).append(")");
        }
        return b.toString();
    }
}
