package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.app.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.SimulatedSessionFolder;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.common.Json;
import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SyntheticStampSeries.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark align} on a simulated session and videos made by ffmpeg whose creation_time lies
 * inside it: the clicks (one full-scale sample at each whole true-UTC second) land within one sample
 * of video start + k/fs, the clip spans the video, --offset-ms moves it, --mux keeps the video as
 * it was and adds the clip as its audio, bit for bit.
 */
class AlignCommandTest {

    static final long S = 1_000_000_000L;
    static final int FS = 48_000;
    /** The MKV's first frame: inside the 100 s session, off the sample grid, to the microsecond. */
    static final long VIDEO_START_NS = Scenario.START + 12 * S + 345_678_000L;

    @TempDir
    static Path tmp;
    static SimulatedSessionFolder session;
    static Path mkv;
    static Path mp4;
    static Path clip;
    static Path muxed;
    static CliRun baseline;
    static TimeModel model;

    @BeforeAll
    static void recordAndAlign() throws Exception {
        Scenario s = Scenario.base("align", 100 * S).ntp(4 * S, NetworkPath.of(100_000, 20_000))
                .device(60, 0).systemClock(40_000_000, 25);
        session = SimulatedSessionFolder.create(tmp, s, FS * 20L, x -> x); // files rotate inside the clip
        mkv = video("v.mkv", 20);
        mp4 = video("v.mp4", 4);
        clip = tmp.resolve("clip.wav");
        muxed = tmp.resolve("muxed.mkv");
        baseline = CliRun.run("align", session.dir.toString(), "--video", mkv.toString(), "--out", clip.toString(),
                "--mux", muxed.toString(), "--json");
        assertEquals(0, baseline.exitCode(), baseline.err());
        model = session.model();
    }

    private static Path video(String name, int seconds) throws Exception {
        Path v = tmp.resolve(name);
        run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t",
                Integer.toString(seconds), "-metadata", "creation_time=" + UtcNanos.toInstant(VIDEO_START_NS),
                v.toString());
        return v;
    }

    /**
     * Each click in a clip whose sample 0 is at {@code firstUtcNs}: {where it peaks (to a fraction of a
     * sample), where its true UTC puts it, where the model's UTC of its sample puts it}.
     */
    private static List<double[]> clicks(Path wav, long firstUtcNs) throws Exception {
        short[] x = SimulatedSessionFolder.lastChannelOf(wav);
        List<double[]> found = new ArrayList<>();
        for (long[] c : session.clicks) {
            double k = (c[1] - firstUtcNs) * (double) FS / S;
            if (k >= 10 && k <= x.length - 10) {
                double peak = SimulatedSessionFolder.peakPositionNear(x, k, 5);
                assertTrue(x[(int) Math.round(peak)] > 16_000, "a click near sample " + k);
                double byModel = (model.model().utcNsAt(c[0]) - firstUtcNs) * (double) FS / S;
                found.add(new double[]{peak, k, byModel});
            }
        }
        return found;
    }

    /** Asserts each click within one sample of its true UTC, and within 0.25 of where the model puts it. */
    private static void assertClicksLand(List<double[]> found, String what) {
        double worstTruth = 0;
        double worstModel = 0;
        for (double[] f : found) {
            worstTruth = Math.max(worstTruth, Math.abs(f[0] - f[1]));
            worstModel = Math.max(worstModel, Math.abs(f[0] - f[2]));
        }
        System.out.printf("%s: %d clicks, worst %.3f samples from true UTC, %.3f from the model's UTC%n", what,
                found.size(), worstTruth, worstModel);
        assertTrue(worstTruth <= 1.0, what + ": worst click is " + worstTruth + " samples from its true UTC");
        assertTrue(worstModel <= 0.25, what + ": the resampling puts a click " + worstModel + " samples from the model's UTC");
    }

    @Test
    void clicksLandWithinOneSampleOfVideoStartPlusKOverFs() throws Exception {
        JsonNode j = Json.MAPPER.readTree(baseline.out());
        assertEquals(VIDEO_START_NS, j.get("videoStartUtcNs").asLong(), "the MKV's creation_time keeps microseconds");
        assertFalse(j.get("videoStartWholeSecondsOnly").asBoolean());
        List<double[]> found = clicks(clip, VIDEO_START_NS);
        assertTrue(found.size() >= 19, "clicks checked: " + found.size());
        assertClicksLand(found, "align");
    }

    @Test
    void clipCoversExactlyTheVideoInterval() throws Exception {
        JsonNode j = Json.MAPPER.readTree(baseline.out());
        try (BwfReader r = BwfReader.open(clip)) {
            assertEquals(20L * FS, r.frames(), 1.0, "20 s of video at 48 kHz");
            assertEquals(j.get("frames").asLong(), r.frames());
            assertEquals(2, r.format().channels());
        }
        assertEquals(20 * S, j.get("videoDurationNs").asLong());
        // bext as the exporter writes it: TimeReference from the first sample's UTC.
        String tr = run("ffprobe", "-v", "error", "-show_entries", "format_tags=time_reference", "-of",
                "default=nw=1:nk=1", clip.toString()).trim();
        long expected = Math.floorMod(VIDEO_START_NS, 86_400 * S) * FS / S;
        assertEquals(expected, Long.parseLong(tr), 1.0);
        assertTrue(baseline.err().contains("align: 100 %"), "progress on stderr: " + baseline.err());
    }

    @Test
    void offsetMovesTheClicksByItsSamples() throws Exception {
        Path shifted = tmp.resolve("shifted.wav");
        CliRun r = CliRun.run("align", session.dir.toString(), "--video", mkv.toString(), "--out", shifted.toString(),
                "--offset-ms", "-250.5", "--channels", "2", "--json");
        assertEquals(0, r.exitCode(), r.err());
        long offsetNs = -250_500_000L;
        assertEquals(VIDEO_START_NS + offsetNs, Json.MAPPER.readTree(r.out()).get("firstSampleUtcNs").asLong());
        List<double[]> base = clicks(clip, VIDEO_START_NS);
        List<double[]> moved = clicks(shifted, VIDEO_START_NS + offsetNs);
        // An earlier start puts each click 0.2505 s × 48 kHz = 12024 samples later in the clip.
        int compared = 0;
        assertClicksLand(moved, "align --offset-ms -250.5");
        for (double[] m : moved) {
            for (double[] b : base) {
                if (Math.abs(m[1] - 12_024 - b[1]) < 1e-6) {
                    assertEquals(12_024, m[0] - b[0], 0.25);
                    compared++;
                }
            }
        }
        assertTrue(compared >= 18, "clicks in both clips: " + compared);
    }

    @Test
    void muxKeepsTheVideoStreamAndAddsTheClipAsItsOnlyAudio() throws Exception {
        assertEquals("pcm_s16le", Json.MAPPER.readTree(baseline.out()).get("muxAudioCodec").asText());
        assertSameVideoAndClipAudio(mkv, muxed, clip, "pcm_s16le");
    }

    @Test
    void mp4SaysItsStartHasWholeSecondsOnlyAndMuxesAlac() throws Exception {
        Path c = tmp.resolve("mp4clip.wav");
        Path m = tmp.resolve("muxed.mp4");
        CliRun r = CliRun.run("align", session.dir.toString(), "--video", mp4.toString(), "--out", c.toString(),
                "--channels", "2", "--mux", m.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("tidemark: warning: the video start comes from MP4/MOV creation_time, which keeps whole"
                + " seconds only"), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertTrue(j.get("videoStartWholeSecondsOnly").asBoolean());
        assertEquals(VIDEO_START_NS / S * S, j.get("videoStartUtcNs").asLong(), "MP4 dropped the fraction");
        assertTrue(j.get("warnings").toString().contains("whole seconds only"), r.out());
        assertSameVideoAndClipAudio(mp4, m, c, "alac");
    }

    @Test
    void sidecarStartWinsOverCreationTime() throws Exception {
        Path v = tmp.resolve("side.mp4");
        Files.copy(mp4, v);
        long startNs = Scenario.START + 15 * S + 123_456_000L;
        Files.writeString(tmp.resolve("side.mp4.start.json"), "{\"startUtc\": \"" + UtcNanos.toInstant(startNs) + "\"}");
        Path c = tmp.resolve("side.wav");
        CliRun r = CliRun.run("align", session.dir.toString(), "--video", v.toString(), "--out", c.toString(),
                "--channels", "2", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(startNs, j.get("videoStartUtcNs").asLong());
        assertEquals("sidecar side.mp4.start.json", j.get("videoStartSource").asText());
        assertFalse(r.err().contains("whole seconds"), r.err());
        List<double[]> found = clicks(c, startNs);
        assertEquals(4, found.size());
        assertClicksLand(found, "align with a sidecar");
    }

    @Test
    void flagsGiveTheIntervalWithoutAVideo() throws Exception {
        Path c = tmp.resolve("flags.wav");
        long startNs = Scenario.START + 30 * S + 7_000L;
        CliRun r = CliRun.run("align", session.dir.toString(), "--video-start", UtcNanos.toInstant(startNs).toString(),
                "--video-duration", "2.5", "--out", c.toString(), "--channels", "2", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(120_000, j.get("frames").asLong());
        assertEquals("--video-start", j.get("videoStartSource").asText());
        List<double[]> found = clicks(c, startNs);
        assertEquals(2, found.size());
        assertClicksLand(found, "align with --video-start");
    }

    @Test
    void badInputIsOneLineAndNothingIsOverwritten() throws Exception {
        String sess = session.dir.toString();
        String out = tmp.resolve("bad.wav").toString();
        assertTrue(CliRun.run("align", tmp.resolve("nope").toString(), "--video", mkv.toString(), "--out", out)
                .userErrorLine().contains("no session folder"));
        assertTrue(CliRun.run("align", sess, "--video-start", UtcNanos.toInstant(Scenario.START + 3600 * S).toString(),
                "--video-duration", "5", "--out", out).userErrorLine().contains("is not inside the recording"));
        assertTrue(CliRun.run("align", sess, "--video", tmp.resolve("missing.mkv").toString(), "--out", out)
                .userErrorLine().contains("no video file at"));
        Path garbage = tmp.resolve("garbage.mkv");
        Files.writeString(garbage, "not a video");
        String line = CliRun.run("align", sess, "--video", garbage.toString(), "--out", out).userErrorLine();
        assertTrue(line.contains("ffprobe failed") && line.contains("Invalid data"), line);
        Path noTime = tmp.resolve("notime.mkv");
        run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "1",
                noTime.toString());
        line = CliRun.run("align", sess, "--video", noTime.toString(), "--out", out).userErrorLine();
        assertTrue(line.contains("has no creation_time") && line.contains("notime.mkv.start.json"), line);
        Path badSidecar = tmp.resolve("bs.mkv");
        Files.copy(noTime, badSidecar);
        Files.writeString(tmp.resolve("bs.mkv.start.json"), "{\"startUtc\": \"noon\"}");
        assertTrue(CliRun.run("align", sess, "--video", badSidecar.toString(), "--out", out).userErrorLine()
                .contains("cannot read startUtc 'noon'"));
        assertTrue(CliRun.run("align", sess, "--out", out).userErrorLine().contains("--video"));
        assertTrue(CliRun.run("align", sess, "--video-start", UtcNanos.toInstant(VIDEO_START_NS).toString(),
                "--video-duration", "2", "--out", out, "--mux", tmp.resolve("x.mkv").toString()).userErrorLine()
                .contains("--mux needs a video file"));
        assertTrue(CliRun.run("align", sess, "--video", mkv.toString(), "--out", out, "--mux",
                tmp.resolve("x.avi").toString()).userErrorLine().contains(".mkv, .mp4 or .mov"));
        // Existing outputs are refused before any work, and stay as they were.
        Path precious = tmp.resolve("precious.mkv");
        Files.writeString(precious, "precious");
        assertTrue(CliRun.run("align", sess, "--video", mkv.toString(), "--out", out, "--mux", precious.toString())
                .userErrorLine().contains("never overwrites"));
        assertEquals("precious", Files.readString(precious));
        byte[] before = Files.readAllBytes(clip);
        assertTrue(CliRun.run("align", sess, "--video", mkv.toString(), "--out", clip.toString()).userErrorLine()
                .contains("never overwrites"));
        assertArrayEquals(before, Files.readAllBytes(clip));
        assertFalse(Files.exists(Path.of(out)), "no output after errors");
    }

    /** The video packets are the same bytes (not re-encoded), and the one audio stream decodes to the clip exactly. */
    private static void assertSameVideoAndClipAudio(Path video, Path muxedFile, Path clipFile, String codec)
            throws Exception {
        assertEquals(videoSummary(video), videoSummary(muxedFile));
        assertEquals(packetsMd5(video), packetsMd5(muxedFile), "video packets copied unchanged");
        String audio = run("ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name",
                "-of", "csv=p=0", muxedFile.toString()).strip();
        assertEquals(codec, audio, "exactly one audio stream");
        Path raw = tmp.resolve(muxedFile.getFileName() + ".raw");
        run("ffmpeg", "-nostdin", "-v", "error", "-i", muxedFile.toString(), "-map", "0:a", "-f", "s16le", raw.toString());
        byte[] decoded = Files.readAllBytes(raw);
        try (BwfReader r = BwfReader.open(clipFile)) {
            byte[] pcm = r.readFrames(0, (int) r.frames());
            assertEquals(pcm.length, decoded.length, "the audio stream has the clip's duration");
            assertTrue(Arrays.equals(pcm, decoded), "the audio stream is the clip, sample for sample");
        }
    }

    private static String videoSummary(Path v) throws Exception {
        return run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                "stream=codec_name,width,height,r_frame_rate,nb_read_frames", "-of", "csv=p=0", v.toString()).strip();
    }

    private static String packetsMd5(Path v) throws Exception {
        return run("ffmpeg", "-nostdin", "-v", "error", "-i", v.toString(), "-map", "0:v", "-c", "copy", "-f", "md5", "-")
                .strip();
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + s);
        return s;
    }
}
