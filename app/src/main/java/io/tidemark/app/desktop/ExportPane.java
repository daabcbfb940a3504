package io.tidemark.app.desktop;

import io.tidemark.app.command.ExportCommand;
import io.tidemark.app.command.Times;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Tools → Export, in process on the folder the app was opened on: the same {@link ExportCommand#export} the
 * CLI runs, as a {@link ToolJob} (progress bar, Cancel).
 */
public final class ExportPane extends VBox {

    final TextField target = new TextField();
    final TextField from = new TextField();
    final TextField to = new TextField();
    final TextField channels = new TextField();
    final CheckBox resample = new CheckBox("resample onto exact UTC");
    final CheckBox fillGaps = new CheckBox("fill gaps with silence");
    final TextField out = new TextField();
    final Button export = new Button("Export");
    final Button cancel = new Button("Cancel");
    final ProgressBar progress = new ProgressBar(0);
    final Label result = new Label("");
    private final ToolJob job = new ToolJob("export", export, cancel, progress, result);

    public ExportPane(Path deployment) {
        super(6);
        target.setPrefColumnCount(50);
        target.setText(deployment == null ? "" : deployment.toString());
        from.setPromptText("2026-11-21T19:30:00Z");
        to.setPromptText("2026-11-21T19:31:00Z");
        from.setPrefColumnCount(24);
        to.setPrefColumnCount(24);
        channels.setPromptText("all, or e.g. 1,3");
        out.setPrefColumnCount(50);
        out.setPromptText("/path/to/cut.wav");
        progress.setPrefWidth(300);
        result.setWrapText(true);
        export.setOnAction(e -> start());
        getChildren().addAll(
                AlignPane.row(new Label("session or deployment"), target),
                AlignPane.row(new Label("UTC from"), from, new Label("to"), to),
                AlignPane.row(new Label("channels"), channels, resample, fillGaps),
                AlignPane.row(new Label("write to"), out),
                AlignPane.row(export, progress, cancel),
                result);
    }

    private void start() {
        long fromNs;
        long toNs;
        List<Integer> picked;
        try {
            fromNs = Times.parseUtc(from.getText().trim());
            toNs = Times.parseUtc(to.getText().trim());
            picked = channelList(channels.getText());
        } catch (RuntimeException e) {
            result.setText(StationClient.oneLine(e));
            return;
        }
        if (out.getText().isBlank()) {
            result.setText("no output file; give the WAV file to write");
            return;
        }
        Path file = Path.of(out.getText().trim());
        Path where = Path.of(target.getText().trim());
        boolean resampled = resample.isSelected();
        boolean fill = fillGaps.isSelected();
        job.start(file, progress -> {
            ExportCommand.Exported e = ExportCommand.export(where, fromNs, toNs, picked, resampled, fill, file, progress,
                    new LinkedHashMap<>(), null);
            return "wrote " + e.result().file() + ": " + e.result().frames() + " frames from "
                    + UtcText.precise(e.result().firstUtcNs());
        });
    }

    static List<Integer> channelList(String text) {
        List<Integer> out = new ArrayList<>();
        if (text == null || text.isBlank() || text.trim().equals("all")) {
            return null;
        }
        for (String part : text.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new io.tidemark.app.cli.UserError("cannot read channels '" + text + "'",
                        "give channel numbers from 1, comma separated, e.g. 1,3");
            }
        }
        return out;
    }
}
