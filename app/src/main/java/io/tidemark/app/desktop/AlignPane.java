package io.tidemark.app.desktop;

import io.tidemark.analysis.video.VideoInfo;
import io.tidemark.analysis.video.VideoMuxer;
import io.tidemark.analysis.video.VideoProbe;
import io.tidemark.analysis.video.VideoStart;
import io.tidemark.app.command.AlignCommand;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Tools → Align: pick a video, see the start Tidemark finds for it and where that came from, and cut the audio
 * over the video (optionally muxed into a copy of it) with the same {@link AlignCommand#clip} the CLI runs.
 */
public final class AlignPane extends VBox {

    final TextField target = new TextField();
    final TextField video = new TextField();
    final Button browse = new Button("Choose…");
    final Label start = new Label("no video chosen");
    final TextField offsetMs = new TextField("0");
    final TextField channels = new TextField();
    final TextField out = new TextField();
    final TextField mux = new TextField();
    final Button align = new Button("Align");
    final Button cancel = new Button("Cancel");
    final ProgressBar progress = new ProgressBar(0);
    final Label result = new Label("");
    private final ToolJob job = new ToolJob("align", align, cancel, progress, result);

    public AlignPane(Path deployment) {
        super(6);
        target.setPrefColumnCount(50);
        target.setText(deployment == null ? "" : deployment.toString());
        video.setPrefColumnCount(50);
        video.setPromptText("/path/to/clip.mkv");
        offsetMs.setPrefColumnCount(8);
        channels.setPromptText("all, or e.g. 1,3");
        out.setPrefColumnCount(50);
        out.setPromptText("/path/to/clip.wav");
        mux.setPrefColumnCount(50);
        mux.setPromptText("optional: /path/to/clip-with-audio.mkv (or .mp4)");
        progress.setPrefWidth(300);
        result.setWrapText(true);
        browse.setOnAction(e -> choose());
        video.setOnAction(e -> start.setText(describeStart(video.getText())));
        align.setOnAction(e -> run());
        getChildren().addAll(
                row(new Label("session or deployment"), target),
                row(new Label("video"), video, browse),
                start,
                row(new Label("offset ms"), offsetMs, new Label("channels"), channels),
                row(new Label("clip to"), out),
                row(new Label("mux into"), mux),
                row(align, progress, cancel),
                result);
    }

    static HBox row(javafx.scene.Node... nodes) {
        HBox b = new HBox(8, nodes);
        b.setAlignment(Pos.CENTER_LEFT); // labels on their fields' baseline
        return b;
    }

    private void choose() {
        FileChooser c = new FileChooser();
        c.setTitle("Video to align to");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Video", "*.mkv", "*.mp4", "*.mov", "*.MP4", "*.MOV"));
        File f = c.showOpenDialog(getScene().getWindow());
        if (f != null) {
            video.setText(f.toString());
            start.setText(describeStart(f.toString()));
        }
    }

    /** The video start found and where it came from, or one line why not. */
    static String describeStart(String file) {
        try {
            VideoInfo v = VideoProbe.probe(Path.of(file.trim()));
            VideoStart s = VideoStart.of(v);
            return "video starts " + UtcText.precise(s.utcNs()) + " (utcNs " + s.utcNs() + "), from " + s.source()
                    + String.format(", %.3f s long", v.durationNs() / 1e9)
                    + (s.wholeSecondsOnly() ? "; whole seconds only: the clip may be up to 1 s off" : "");
        } catch (RuntimeException e) {
            return "no video start: " + StationClient.oneLine(e);
        }
    }

    private void run() {
        double offset;
        List<Integer> picked;
        VideoInfo v;
        VideoStart s;
        try {
            offset = Double.parseDouble(offsetMs.getText().trim());
            picked = ExportPane.channelList(channels.getText());
            v = VideoProbe.probe(Path.of(video.getText().trim()));
            s = VideoStart.of(v);
            if (!mux.getText().isBlank()) {
                VideoMuxer.audioCodecFor(Path.of(mux.getText().trim()), 16, false);
                VideoMuxer.refuseExisting(Path.of(mux.getText().trim()));
            }
        } catch (NumberFormatException e) {
            result.setText("cannot read offset '" + offsetMs.getText() + "'; give milliseconds, e.g. -12.5");
            return;
        } catch (RuntimeException e) {
            result.setText(StationClient.oneLine(e));
            return;
        }
        if (out.getText().isBlank()) {
            result.setText("no clip file; give the WAV file to write");
            return;
        }
        start.setText(describeStart(video.getText()));
        Path clip = Path.of(out.getText().trim());
        Path muxTo = mux.getText().isBlank() ? null : Path.of(mux.getText().trim());
        Path where = Path.of(target.getText().trim());
        job.start(clip, progress -> {
            var e = AlignCommand.clip(where, s, v.durationNs(), offset, picked, false, clip, progress, new LinkedHashMap<>(), null);
            String line = "wrote " + clip + ": " + e.result().frames() + " frames from " + UtcText.precise(e.result().firstUtcNs());
            if (muxTo != null) {
                job.say("writing " + muxTo + "…");
                line += "; video with the clip as its audio (" + AlignCommand.mux(v, clip, muxTo) + ") in " + muxTo;
            }
            return line;
        });
    }
}
