package io.tidemark.app.command;

import io.tidemark.analysis.model.Calibration;
import io.tidemark.analysis.model.InputLatency;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.store.MarkRow;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark calibrate SESSION --out FILE.json}: the input latency a session's reference measured, with its
 * uncertainty, keyed by device, format, rate and buffer size, for sessions that device records later without a
 * reference ({@code --calibration FILE}). The marks are found first if 'tidemark marks' has not stored them.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Write the device's input latency measured by a session's reference marks (PPS or LTC) to a new"
                + " calibration file, for --calibration on sessions recorded without a reference.")
public final class CalibrateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION", description = "a session recorded with a reference channel")
    Path session;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "a new file (never overwritten)")
    Path out;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() throws Exception {
        Calibration c = calibrate(session, out);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("calibration", out.toString());
        o.put("device", c.device());
        o.put("sampleFormat", c.sampleFormat());
        o.put("sampleRateHz", c.sampleRateHz());
        o.put("bufferFrames", c.bufferFrames());
        o.put("inputLatencyNs", c.inputLatencyNs());
        o.put("uncertaintyNs", c.uncertaintyNs());
        o.put("reference", c.reference());
        o.put("marks", c.marks());
        output.print(o, List.of());
        return 0;
    }

    /**
     * Measures the session's input latency from its marks (found first when none are stored) and writes it to
     * {@code out}, a new file.
     */
    public static Calibration calibrate(Path session, Path out) throws Exception {
        if (Files.exists(out)) {
            throw new UserError(out + " already exists", "give a new file name for --out (calibrations are never overwritten)");
        }
        if (!Files.isRegularFile(session.resolve(TimestampStore.FILE_NAME))) {
            throw new UserError("no session at " + session, "give the folder that holds session.db");
        }
        List<MarkRow> stored;
        try (SessionReader r = SessionReader.open(session)) {
            stored = r.marks();
        } catch (SQLException e) {
            throw new UserError("cannot read the session database in " + session + ": " + e.getMessage(),
                    "check that it is a Tidemark session folder");
        }
        if (stored.isEmpty()) {
            System.err.println("calibrate: no marks stored yet; finding them");
            MarksCommand.detectAndStore(session, null, null);
        }
        TimeModel m = Models.load(session, false);
        InputLatency latency = m.inputLatency();
        if (latency.source() != InputLatency.Source.REFERENCE) {
            throw new UserError("session " + session.getFileName() + " has fewer than two usable reference marks",
                    "see 'tidemark marks " + session + "'");
        }
        SessionInfo info;
        List<MarkRow> rows;
        try (SessionReader r = SessionReader.open(session)) {
            info = r.session();
            rows = r.marks();
        }
        long usable = rows.stream().filter(x -> (x.flags() & MarkRow.FLAG_MISALIGNED) == 0).count();
        Calibration c = Calibration.keyOf(info).measured(latency.inputLatencyNs(), latency.uncertaintyNs(), usable,
                rows.get(0).kind());
        c.writeNew(out);
        return c;
    }

}
