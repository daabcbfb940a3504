package io.tidemark.app.desktop;

import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Deployment view: the deployment folder's sessions in time order, the gap before each, and a
 * session's summary when picked. Reads the folder with SessionReader (the deployment index of
 * {@code tidemark index} is not merged yet).
 */
public final class DeploymentView extends BorderPane {

    final ListView<String> timeline = new ListView<>();
    final TextArea summary = new TextArea();
    private final List<SessionInfo> sessions = new ArrayList<>();
    /** The session of each timeline row; null on a gap row. */
    private final List<SessionInfo> rows = new ArrayList<>();

    public DeploymentView(Path deployment) {
        setPadding(new Insets(8));
        summary.setEditable(false);
        summary.setPrefColumnCount(50);
        summary.setStyle("-fx-font-family: monospace;"); // the summary's columns line up
        timeline.setPrefWidth(560); // a row holds UTC, local and the session id
        if (deployment == null) {
            setCenter(new Label("no deployment folder: start the app with --deployment DIR"));
            return;
        }
        try {
            load(deployment);
        } catch (Exception e) {
            setCenter(new Label("cannot read " + deployment + ": " + StationClient.oneLine(e)));
            return;
        }
        timeline.getSelectionModel().selectedIndexProperty().addListener((o, was, i) -> {
            if (i.intValue() >= 0 && rows.get(i.intValue()) != null) {
                summary.setText(summaryOf(rows.get(i.intValue())));
            }
        });
        setLeft(timeline);
        setCenter(summary);
        if (sessions.isEmpty()) {
            setCenter(new Label("no sessions in " + deployment + " yet"));
        } else {
            timeline.getSelectionModel().select(0);
            summary.setText(summaryOf(rows.get(0)));
        }
    }

    private void load(Path deployment) throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(deployment)) {
            dirs = s.filter(d -> Files.exists(d.resolve("session.db"))).sorted().toList();
        }
        for (Path d : dirs) {
            try (SessionReader r = SessionReader.open(d)) {
                sessions.add(r.session());
            }
        }
        sessions.sort(java.util.Comparator.comparingLong(SessionInfo::startRealtimeNs));
        Long previousStop = null;
        String previousReason = null;
        for (SessionInfo s : sessions) {
            if (previousStop != null) {
                timeline.getItems().add("   gap " + UtcText.duration(s.startRealtimeNs() - previousStop)
                        + " (cause: " + previousReason + ")");
                rows.add(null);
            }
            timeline.getItems().add(UtcText.of(s.startRealtimeNs()) + "  " + s.sessionId());
            rows.add(s);
            previousStop = s.stopRealtimeNs() == null ? s.startRealtimeNs() : s.stopRealtimeNs();
            previousReason = s.stopRealtimeNs() == null ? "crash or power cut (no stop recorded)" : stopReason(s);
        }
    }

    private static String stopReason(SessionInfo s) {
        return s.stopReason() == null ? "unknown" : s.stopReason();
    }

    private static String summaryOf(SessionInfo s) {
        return "session   " + s.sessionId()
                + "\ndevice    " + s.device() + (s.simulated() ? " (simulated)" : "")
                + "\nchannels  " + s.channels() + " @ " + s.sampleRateHz() + " Hz, " + s.bitsPerSample() + " bit"
                + "\nstarted   " + UtcText.of(s.startRealtimeNs())
                + "\nstopped   " + (s.stopRealtimeNs() == null ? "— (recording or crashed)" : UtcText.of(s.stopRealtimeNs()))
                + "\nreason    " + stopReason(s)
                + "\nhost      " + s.host();
    }
}
