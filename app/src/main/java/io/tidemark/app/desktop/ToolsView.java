package io.tidemark.app.desktop;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Tools view: Query (sample to UTC, through the session's time model as {@code tidemark query} loads it)
 * Export ({@link ExportPane}: in process, or on the station when the app has no folder) and Align ({@link AlignPane}),
 * in process on the folder the app was opened on.
 */
public final class ToolsView extends VBox {

    final TextField session = new TextField();
    final TextField sample = new TextField("0");
    final Label answer = new Label("");
    final Button query = new Button("Sample → UTC");

    public ToolsView(Path deployment) {
        this(deployment, null);
    }

    /** Export runs on the station through {@code stationJobs} when the app has no folder (null: in process only). */
    public ToolsView(Path deployment, StationJobs stationJobs) {
        super(8);
        setPadding(new Insets(8));
        session.setPrefColumnCount(50);
        session.setText(firstSession(deployment));
        answer.setWrapText(true);
        query.setOnAction(e -> answer.setText(utcOf(session.getText(), sample.getText())));
        exportPane = new ExportPane(deployment, stationJobs);
        VBox queryBox = new VBox(8,
                AlignPane.row(new Label("session folder"), session),
                AlignPane.row(new Label("sample index"), sample, query),
                answer);
        alignPane = new AlignPane(deployment);
        getChildren().addAll(titled("Query", queryBox), titled("Export", exportPane), titled("Align to a video", alignPane));
    }

    final ExportPane exportPane;
    final AlignPane alignPane;

    private static TitledPane titled(String title, javafx.scene.Node n) {
        TitledPane p = new TitledPane(title, n);
        p.setCollapsible(false);
        return p;
    }

    private static String firstSession(Path deployment) {
        if (deployment == null) {
            return "";
        }
        try (Stream<Path> s = Files.list(deployment)) {
            return s.filter(d -> Files.exists(d.resolve("session.db"))).sorted().findFirst()
                    .map(Path::toString).orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    /** One line: the sample's UTC (and local), or why not. */
    static String utcOf(String sessionDir, String sampleText) {
        long sampleIndex;
        try {
            sampleIndex = Long.parseLong(sampleText.trim());
        } catch (NumberFormatException e) {
            return "not a sample index: " + sampleText + "; give a whole number";
        }
        try {
            TimeModel m = TimeModelStore.loadOrFit(Path.of(sessionDir), false, n -> { });
            return "sample " + sampleIndex + " = " + UtcText.of(m.model().utcNsAt(sampleIndex))
                    + "  (utcNs " + m.model().utcNsAt(sampleIndex) + ")";
        } catch (Exception e) {
            return "cannot query " + sessionDir + ": " + StationClient.oneLine(e);
        }
    }
}
