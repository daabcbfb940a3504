package io.tidemark.app.desktop;

import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.StationEvent;
import io.tidemark.app.station.api.StationStatus;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Live view: meters, recording state, sync, events, Start/Stop; fed by the station's stream. */
public final class LiveView extends BorderPane implements StationClient.Listener {

    private final MeterCanvas meters = new MeterCanvas(900, 420, 20);
    final Label connection = new Label("connecting…");
    final Label recording = new Label("—");
    final Label sync = new Label("—");
    final Label health = new Label("");
    final Label error = new Label("");
    final ListView<String> events = new ListView<>();
    final Button start = new Button("Start");
    final Button stop = new Button("Stop…");
    private volatile StationStatus last;
    private volatile SyncInfo lastSync;
    /** FX thread only. */
    private boolean connected;
    private static final String STALE = "last known (the station is not answering):\n";
    private volatile boolean statusQueued;
    private StationClient client;

    public LiveView() {
        setPadding(new Insets(8));
        connection.setId("connection");
        recording.setId("recording");
        sync.setId("sync");
        sync.setStyle("-fx-font-family: monospace;"); // the panel's figures line up
        error.setId("error");
        start.setId("start");
        stop.setId("stop");
        error.setStyle("-fx-text-fill: #c62828;");
        error.setWrapText(true); // the one-line reason must be readable whole
        HBox buttons = new HBox(8, start, stop, connection);
        // Start and Stop first: below the panels they moved whenever a health line came or went, under the pointer
        VBox side = new VBox(8,
                buttons, error,
                titled("Recording", recording),
                titled("Sync", sync),
                titled("Health", health));
        side.setPrefWidth(380);
        events.setPrefHeight(180);
        setCenter(meters);
        BorderPane.setAlignment(meters, javafx.geometry.Pos.TOP_LEFT);
        setRight(side);
        setBottom(titled("Events", events));
        start.setOnAction(e -> act("start"));
        stop.setOnAction(e -> confirmStop());
        meters.start();
    }

    private static TitledPane titled(String title, javafx.scene.Node n) {
        if (n instanceof Label l) { // a TitledPane centres its content; state reads better left-aligned
            l.setMaxWidth(Double.MAX_VALUE);
            l.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        }
        TitledPane p = new TitledPane(title, n);
        p.setCollapsible(false);
        return p;
    }

    void attach(StationClient client) {
        this.client = client;
    }

    public MeterCanvas meters() {
        return meters;
    }

    private void confirmStop() {
        StationStatus s = last;
        String session = s == null || s.sessionId() == null ? "(none)" : s.sessionId();
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Stop recording session " + session + "?",
                ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Stop session " + session);
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> act("stop"));
    }

    private void act(String action) {
        if (client == null) {
            error.setText("no station: start the app with --station URL");
            return;
        }
        CompletableFuture.supplyAsync(() -> client.post(action))
                .thenAccept(why -> Platform.runLater(() -> error.setText(why == null ? "" : why)));
    }

    @Override
    public void status(StationStatus s, SyncInfo syncInfo) {
        last = s;
        lastSync = syncInfo;
        if (!statusQueued) { // coalesce: at most one pending UI update however fast the stream runs
            statusQueued = true;
            Platform.runLater(() -> {
                statusQueued = false;
                show(last, lastSync);
            });
        }
    }

    private void show(StationStatus s, SyncInfo syncInfo) {
        String disk = diskLeft(s.diskSecondsLeft());
        recording.setText(s.recording()
                ? "recording " + s.sessionId() + "\nelapsed " + UtcText.duration(s.elapsedNs())
                  + "\nfiles " + s.files() + "\ndisk " + disk
                : "stopped" + (s.sessionId() == null ? "" : " (last " + s.sessionId() + ")")
                  + "\ndisk " + disk);
        sync.setText(syncInfo.text());
        health.setText(s.health().isEmpty() ? "all well" : String.join("\n", s.health()));
        meters.setRecording(s.recording());
        start.setDisable(s.recording() || !connected);
        stop.setDisable(!s.recording() || !connected);
    }

    @Override
    public void levels(List<ChannelReading> levels) {
        meters.setLevels(levels);
    }

    @Override
    public void event(StationEvent e) {
        Platform.runLater(() -> {
            events.getItems().add(0, UtcText.of(e.utcNs()) + "  " + e.kind() + "  " + e.detail());
            if (events.getItems().size() > 500) {
                events.getItems().remove(500, events.getItems().size());
            }
        });
    }

    /** Days when there are days, else hours: "0 days" on a nearly full disk would hide the hours that are left. */
    static String diskLeft(long seconds) {
        if (seconds >= 2 * 86_400L) {
            return seconds / 86_400 + " days left";
        }
        return String.format("%.1f hours left", seconds / 3600.0);
    }

    @Override
    public void connection(boolean connected, String why) {
        meters.setConnected(connected);
        Platform.runLater(() -> {
            this.connected = connected;
            if (!connected) { // nothing to start or stop until the station is back
                start.setDisable(true);
                stop.setDisable(true);
                // what the panels show is the last word of a station that no longer answers: say so
                if (!recording.getText().startsWith(STALE)) {
                    recording.setText(STALE + recording.getText());
                }
            }
            connection.setText(connected ? "connected" : "disconnected");
            connection.setStyle(connected ? "-fx-text-fill: #2e7d32;" : "-fx-text-fill: #c62828;");
            error.setText(connected ? "" : why);
        });
    }
}
