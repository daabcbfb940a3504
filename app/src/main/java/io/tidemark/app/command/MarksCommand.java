package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.export.SessionAudio;
import io.tidemark.analysis.marks.ReferenceMark;
import io.tidemark.analysis.marks.SessionMarks;
import io.tidemark.analysis.model.AbsoluteCorrection;
import io.tidemark.analysis.model.ClockSegment;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.MarkRow;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark marks SESSION [--json] [--all]}: finds the PPS edges or LTC frames on the session's reference
 * channel (read from its audio files), stores them (the marks table), and lists them with missing or misaligned
 * ones flagged. From then on the session's absolute times come from the marks (latencySource reference).
 */
@Command(name = "marks", mixinStandardHelpOptions = true,
        description = "Find the reference marks (PPS edges or LTC frames) on a session's reference channel, store them,"
                + " and list them with missing or misaligned ones flagged; the time model then uses them.")
public final class MarksCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION", description = "session folder")
    Path session;

    @Option(names = "--reference", description = "pps or ltc, for a session recorded without --reference")
    String reference;

    @Option(names = "--reference-channel", paramLabel = "N", description = "the channel (1-based) carrying it")
    Integer referenceChannel;

    @Option(names = "--all", description = "list every mark, not only the flagged ones")
    boolean all;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() throws Exception {
        Found f = detectAndStore(session, reference, referenceChannel);
        Map<String, Object> out = describe(f, all);
        output.print(out, List.of());
        return 0;
    }

    /** What detection found, with the stamp model it was placed by. */
    public record Found(SessionMarks.Found marks, int channel, TimeModel stampModel, SessionInfo info) {
    }

    /**
     * Finds the marks on the session's reference channel (its recorded options, or the ones given) and stores
     * them; progress on stderr.
     */
    public static Found detectAndStore(Path session, String kindOrNull, Integer channelOrNull) throws IOException {
        if (!Files.isRegularFile(session.resolve(TimestampStore.FILE_NAME))) {
            throw new UserError("no session at " + session, "give the folder that holds session.db");
        }
        SessionInfo info;
        try (SessionReader r = SessionReader.open(session)) {
            info = r.session();
        } catch (SQLException e) {
            throw new UserError("cannot read the session database in " + session + ": " + e.getMessage(),
                    "check that it is a Tidemark session folder");
        }
        String kind = kindOrNull;
        Integer channel = channelOrNull;
        if (kind == null || channel == null) {
            JsonNode config = info.configJson() == null ? null : Json.MAPPER.readTree(info.configJson());
            kind = kind != null ? kind : text(config, "reference", text(config, "simReference", null));
            if (channel == null && config != null) {
                JsonNode c = config.hasNonNull("referenceChannel") ? config.get("referenceChannel") : config.get("simReferenceChannel");
                channel = c == null || c.isNull() ? null : c.asInt();
            }
        }
        if (kind == null || channel == null) {
            throw new UserError("session " + info.sessionId() + " was recorded without a reference channel",
                    "give --reference pps|ltc --reference-channel N (the channel that carries it)");
        }
        if (!kind.equals("pps") && !kind.equals("ltc")) {
            throw new UserError("--reference " + kind + " is not known", "give pps or ltc");
        }
        if (channel < 1 || channel > info.channels()) {
            throw new UserError("reference channel " + channel + " is out of range: session " + info.sessionId() + " has "
                    + info.channels() + " channels", "give a channel from 1 to " + info.channels());
        }
        TimeModel m = Models.fitted(session, false);
        if (m.files().isEmpty()) {
            throw new UserError("session " + info.sessionId() + " has no audio files to find marks in",
                    "record with --audio bwf");
        }
        long[] stretchStarts = m.model().clockSegments().stream().mapToLong(ClockSegment::firstSample).toArray();
        int[] lastPercent = {-10};
        long first = m.files().stream().mapToLong(FileRow::firstSampleIndex).min().orElse(0);
        long end = m.files().stream().mapToLong(f -> f.firstSampleIndex() + f.frames()).max().orElse(0);
        int channelIndex = channel - 1;
        SessionMarks.Found found;
        try (SessionAudio audio = new SessionAudio(session, m.files())) {
            if (audio.format().channels() != info.channels()) {
                throw new UserError("the audio files of " + info.sessionId() + " hold " + audio.format().channels()
                        + " channels, the session " + info.channels(), "check the session folder");
            }
            found = SessionMarks.find((start, frames, dst) -> audio.readChannel(start, frames, channelIndex, dst),
                    audio.format().sampleRateHz(), first, end, ReferenceMark.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
                    stretchStarts, m.model()::utcNsAt, fraction -> {
                        int p = (int) (fraction * 100);
                        if (p >= lastPercent[0] + 10 || (p == 100 && lastPercent[0] < 100)) {
                            lastPercent[0] = p;
                            System.err.printf("marks: %d %% of the audio read%n", p);
                        }
                    });
        }
        List<MarkRow> rows = new ArrayList<>(found.marks().size());
        for (int i = 0; i < found.marks().size(); i++) {
            rows.add(SessionMarks.row(found.marks().get(i), channel, found.details().get(i)));
        }
        TimestampStore.replaceMarks(session, rows);
        return new Found(found, channel, m, info);
    }

    private static String text(JsonNode config, String key, String otherwise) {
        return config != null && config.hasNonNull(key) ? config.get(key).asText() : otherwise;
    }

    static Map<String, Object> describe(Found f, boolean all) {
        List<ReferenceMark> marks = f.marks.marks();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", f.info.sessionId());
        out.put("reference", f.marks.kind().name().toLowerCase(Locale.ROOT));
        out.put("channel", f.channel);
        out.put("marks", marks.size());
        long usable = marks.stream().filter(ReferenceMark::usable).count();
        out.put("usable", usable);
        out.put("missingBefore", marks.stream().filter(m -> m.flags().contains(ReferenceMark.Flag.MISSING_BEFORE)).count());
        out.put("misaligned", marks.size() - usable);
        out.put("afterLostAudio", marks.stream().filter(m -> m.flags().contains(ReferenceMark.Flag.AFTER_LOST_AUDIO)).count());
        out.put("firstUtc", Times.iso(marks.get(0).utcNs()));
        out.put("lastUtc", Times.iso(marks.get(marks.size() - 1).utcNs()));
        double rms = AbsoluteCorrection.residualRmsNs(marks);
        out.put("residualRmsNs", Double.isNaN(rms) ? null : Math.round(rms * 10) / 10.0);
        out.put("chunksRead", f.marks.chunks());
        out.put("chunksWithoutMarks", f.marks.chunksWithout());
        if (f.marks.problemOrNull() != null) {
            out.put("firstChunkProblem", f.marks.problemOrNull());
        }
        if (usable >= 2) {
            AbsoluteCorrection c = AbsoluteCorrection.fromMarks(marks, f.stampModel.model());
            var fit = c.marksOrNull();
            double rateHz = (fit.lastPositionSamples() - fit.firstPositionSamples())
                    / ((fit.lastUtcNs() - fit.firstUtcNs()) / 1e9);
            out.put("deviceRatePpm", Math.round((rateHz / f.info.sampleRateHz() - 1) * 1e9) / 1e3);
            out.put("inputLatencyNs", c.latency().inputLatencyNs());
            out.put("inputLatencyUncertaintyNs", c.latency().uncertaintyNs());
            out.put("latencySource", c.latency().source().text());
        }
        List<Map<String, Object>> listed = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            ReferenceMark m = marks.get(i);
            if (all || !m.flags().isEmpty()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("sample", Math.round(m.positionSamples() * 1e4) / 1e4);
                row.put("utc", Times.iso(m.utcNs()));
                row.put("residualNs", Double.isNaN(m.residualNs()) ? null : Math.round(m.residualNs()));
                row.put("flags", m.flags().stream().map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList());
                if (f.marks.details().get(i) != null) {
                    row.put("label", f.marks.details().get(i));
                }
                listed.add(row);
            }
        }
        out.put(all ? "list" : "flagged", listed);
        return out;
    }
}
