package io.tidemark.app.desktop;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.FieldNote;
import io.tidemark.analysis.deployment.Gap;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.app.command.NoteCommand;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

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
        setCenter(summary);
        timeline.getSelectionModel().selectedIndexProperty().addListener((o, was, i) -> {
            if (i.intValue() >= 0 && i.intValue() < rows.size()) {
                summary.setText(details(rows.get(i.intValue())));
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
