package io.tidemark.app.desktop;

import io.tidemark.app.command.ExportCommand;
import io.tidemark.app.command.Times;
import io.tidemark.app.station.api.ExportRequest;
import io.tidemark.app.station.api.JobStatus;
import io.tidemark.common.TidemarkException;
import io.tidemark.common.UtcNanos;
import com.fasterxml.jackson.databind.JsonNode;
import javafx.stage.FileChooser;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Tools → Export, as a {@link ToolJob} (progress bar, Cancel), where the data is: in process on the folder the app
 * was opened on (the same {@link ExportCommand#export} the CLI runs), or, on a station without a folder, as the
 * station's export job ({@link StationJobs}), whose file is then fetched to the file picked here: a field user on a
 * laptop wants the cut on the laptop, not a path on the station they would need a shell to reach. The station's copy
 * is dropped once fetched, so that exports never eat the recording's disk.
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
    final Button choose = new Button("Choose…");
    private final ToolJob job = new ToolJob("export", export, cancel, progress, result);
    /** Non-null: export on the station (the app was opened on a station, not a folder). */
    private final StationJobs station;
    /** How often a station job's progress is read: the bar moves smoothly, the station barely notices. */
    static final long POLL_MS = 200;
    /** A station silent this long while its job runs is taken as gone. */
    static final long UNREACHABLE_FOR_NS = 30_000_000_000L;

    public ExportPane(Path deployment) {
        this(deployment, null);
    }

    /** On {@code deployment} in process; without one, through {@code station}'s jobs when it is given. */
    public ExportPane(Path deployment, StationJobs station) {
        super(6);
        this.station = deployment == null ? station : null;
        target.setPrefColumnCount(50);
        if (this.station != null) {
            target.setText("the station's deployment (" + station.station() + ")");
            target.setDisable(true);
        } else {
            target.setText(deployment == null ? "" : deployment.toString());
        }
        from.setPromptText("2026-11-21T19:30:00Z");
        to.setPromptText("2026-11-21T19:31:00Z");
        from.setPrefColumnCount(24);
        to.setPrefColumnCount(24);
        channels.setPromptText("all, or e.g. 1,3");
        out.setPrefColumnCount(50);
        out.setPromptText("/path/to/cut.wav");
        choose.setOnAction(e -> pickFile());
        progress.setPrefWidth(300);
        result.setWrapText(true);
        export.setOnAction(e -> start());
        getChildren().addAll(
                AlignPane.row(new Label("session or deployment"), target),
                AlignPane.row(new Label("UTC from"), from, new Label("to"), to),
                AlignPane.row(new Label("channels"), channels, resample, fillGaps),
                AlignPane.row(new Label(this.station != null ? "save to (here)" : "write to"), out, choose),
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
        boolean resampled = resample.isSelected();
        boolean fill = fillGaps.isSelected();
        if (station != null) {
            if (Files.exists(file)) {
                result.setText(file + " already exists; choose another file (Tidemark never overwrites a file)");
                return;
            }
            ExportRequest request = new ExportRequest(from.getText().trim(), to.getText().trim(), picked, resampled, fill,
                    file.getFileName().toString());
            job.start(file, progress -> onStation(request, file, progress));
            return;
        }
        Path where = Path.of(target.getText().trim());
        job.start(file, progress -> {
            ExportCommand.Exported e = ExportCommand.export(where, fromNs, toNs, picked, resampled, fill, file, progress,
                    new LinkedHashMap<>(), null);
            return "wrote " + e.result().file() + ": " + e.result().frames() + " frames from "
                    + UtcText.precise(e.result().firstUtcNs());
        });
    }

    /** The station's job: started, polled into the bar, its file fetched here; a cancel reaches the station. */
    private String onStation(ExportRequest request, Path file, DoubleConsumer progress) throws Exception {
        JsonNode j = station.startExport(request);
        String id = j.get("id").asText();
        try {
            long unreachableSinceNs = 0;
            while (JobStatus.RUNNING.equals(j.path("state").asText())) {
                progress.accept(j.path("progress").asDouble()); // throws once Cancel is pressed
                Thread.sleep(POLL_MS);
                try {
                    j = station.status(id);
                    unreachableSinceNs = 0;
                } catch (java.io.IOException e) { // a Wi-Fi dropout: the job runs on; ask again for a while
                    long now = System.nanoTime();
                    unreachableSinceNs = unreachableSinceNs == 0 ? now : unreachableSinceNs;
                    if (now - unreachableSinceNs > UNREACHABLE_FOR_NS) {
                        throw e;
                    }
                    job.say("the station does not answer (" + StationClient.oneLine(e) + "); asking again…");
                }
            }
            String state = j.path("state").asText();
            if (!state.equals(JobStatus.DONE)) {
                throw new TidemarkException(state.equals(JobStatus.FAILED) ? j.path("error").asText()
                        : "the job was " + state + " on the station", "");
            }
            progress.accept(1.0);
            long total = j.path("bytes").asLong();
            job.say("exported on the station; fetching " + megabytes(total) + " …");
            long[] shownNs = {System.nanoTime()};
            try {
                station.download(id, file, n -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException();
                    }
                    if (System.nanoTime() - shownNs[0] > 500_000_000L) {
                        shownNs[0] = System.nanoTime();
                        job.say("exported on the station; fetched " + megabytes(n) + " of " + megabytes(total) + " …");
                    }
                });
            } catch (java.io.IOException | TidemarkException e) {
                throw new TidemarkException("fetching the export failed: " + StationClient.oneLine(e),
                        "the station keeps it at " + j.path("file").asText() + "; export again, or copy it from there");
            }
            station.cancel(id); // drops the station's copy: the cut is here now
            long firstNs = UtcNanos.toEpochNs(Instant.parse(j.get("firstUtc").asText()));
            return "wrote " + file + ": " + j.get("frames").asLong() + " frames from " + UtcText.precise(firstNs)
                    + " (exported on the station)";
        } catch (CancellationException | InterruptedException e) {
            Thread.interrupted(); // so that the cancel can still be sent
            try {
                station.cancel(id);
            } catch (Exception gone) {
                // the station went away: it removes an unfinished job's file itself, and forgets jobs on restart
            }
            throw e;
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private void pickFile() {
        FileChooser c = new FileChooser();
        c.setTitle("Save the export as");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Broadcast WAV", "*.wav"));
        File f = c.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            out.setText(f.getPath().endsWith(".wav") ? f.getPath() : f.getPath() + ".wav");
        }
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
