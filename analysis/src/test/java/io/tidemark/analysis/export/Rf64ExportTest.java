package io.tidemark.analysis.export;

import io.tidemark.recorder.sim.SimulatedSessionWriter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Must-show "RF64 round-trips past 4 GiB": an export of 65 minutes of 8 ch / 24-bit (4.5 GB) spans seven
 * recorded files, comes out as RF64, and our reader, ffprobe, mediainfo and libsndfile agree on its length
 * and TimeReference; a click recorded after the 4 GiB line sits at its sample in the export. The session's
 * audio is sparse (only the buffers with a click are written), so only the export is 4.5 GB. sox is left
 * out: even {@code soxi} reads all 4.5 GB of an RF64 file; ExportClicksTest has sox read an export.
 */
class Rf64ExportTest {

    static final long S = 1_000_000_000L;
    static final int CHANNELS = 8;
    static final int BYTES_PER_FRAME = CHANNELS * 3;

    @Test
    void anExportPast4GiBIsRf64AndEveryReaderAgrees(@TempDir Path tmp) throws Exception {
        Scenario s = Scenario.base("rf64 export", 66 * 60 * S).device(15, 0);
        Path dir = tmp.resolve("20261119T000000Z-sim");
        List<long[]> clicks = SimulatedSessionWriter.write(dir, s,
                new SimulatedSessionWriter.Audio(CHANNELS, 24, 48_000L * 600, true), x -> x, n -> { });
        TimeModel model = TimeModelStore.loadOrFit(dir, false, f -> { });

        long from = Scenario.START + 20 * S;
        long to = from + 65 * 60 * S;
        Path out = tmp.resolve("export.wav");
        Exporter.Result r = Exporter.export(dir, model, from, to, null, false, out, f -> { });
        long bytes = r.frames() * BYTES_PER_FRAME;
        assertTrue(bytes > 0x1_0000_0000L, "the export passes 4 GiB: " + bytes + " bytes of audio");
        assertTrue(Files.size(out) > bytes);

        long firstSample = Math.round(model.model().samplePositionAt(r.firstUtcNs(), 0.5));
        try (BwfReader reader = BwfReader.open(out)) {
            assertTrue(reader.rf64(), "RF64 past 4 GiB");
            assertEquals(r.frames(), reader.frames());
            assertEquals(r.timeReference(), reader.bext().orElseThrow().timeReference());
            // The last click sits at its recorded sample, beyond the 4 GiB line.
            long[] last = clicks.stream().filter(c -> c[0] - firstSample < r.frames() - 10).reduce((a, b) -> b)
                    .orElseThrow();
            long k = last[0] - firstSample;
            assertTrue(k * BYTES_PER_FRAME > 0x1_0000_0000L, "a click past 4 GiB: frame " + k);
            assertEquals(0x7F_FFFF, lastChannelAt(reader, k), "full-scale click at export frame " + k);
            assertEquals(0, lastChannelAt(reader, k - 1));
            assertEquals(0, lastChannelAt(reader, k + 1));
        }
        assertEquals(Long.toString(r.timeReference()), ExportClicksTest.run("ffprobe", "-v", "error",
                "-show_entries", "format_tags=time_reference", "-of", "default=nw=1:nk=1", out.toString()).trim());
        assertEquals(Long.toString(r.frames()), ExportClicksTest.run("ffprobe", "-v", "error", "-show_entries",
                "stream=duration_ts", "-of", "default=nw=1:nk=1", out.toString()).trim());
        assertEquals(Long.toString(r.frames()),
                ExportClicksTest.run("mediainfo", "--Inform=Audio;%SamplingCount%", out.toString()).trim());
        String info = sndfileHeader(out);
        assertTrue(info.contains("RF64"), info);
        assertTrue(info.replaceAll("\\s+", " ").contains("Frames : " + r.frames()), info);
        // libsndfile's RF64 parser flags every chunk it does not itself use with "***", among them the
        // valid fact and iXML chunks; anything else flagged is a fault.
        assertTrue(info.lines().filter(l -> l.contains("***"))
                .allMatch(l -> l.trim().matches("\\*\\*\\* (fact|iXML) : \\d+ \\(unknown marker\\)")), info);
    }

    /** The last channel's 24-bit sample at {@code frame}. */
    private static int lastChannelAt(BwfReader reader, long frame) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(reader.readFrames(frame, 1)).order(ByteOrder.LITTLE_ENDIAN);
        int at = (CHANNELS - 1) * 3;
        int v = (b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) << 16;
        return v;
    }

    /** sndfile-info's header part: it then scans every sample for "Signal Max" (minutes for 4.5 GB). */
    private static String sndfileHeader(Path wav) throws Exception {
        Process p = new ProcessBuilder("sndfile-info", wav.toString()).redirectErrorStream(true).start();
        StringBuilder b = new StringBuilder();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = in.readLine()) != null) {
                b.append(line).append('\n');
                if (line.contains("Duration")) {
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
        }
        return b.toString();
    }
}
