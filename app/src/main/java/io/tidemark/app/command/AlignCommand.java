package io.tidemark.app.command;

import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.video.VideoInfo;
import io.tidemark.analysis.video.VideoMuxer;
import io.tidemark.analysis.video.VideoProbe;
import io.tidemark.analysis.video.VideoStart;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.app.cli.JsonOutput;
import io.tidemark.app.cli.UserError;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark align SESSION (--video FILE | --video-start UTC --video-duration S) --out CLIP.wav
 * [--offset-ms X] [--mux OUT.mkv|OUT.mp4]}: the session's audio over exactly the video's interval,
 * resampled so that clip sample k is at video start + X ms + k/fs.
 */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = "Cut drift-corrected audio matching a video's interval (sample k at video start + offset + k/fs);"
                + " optionally put it into a copy of the video.")
public final class AlignCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TARGET", description = "session folder, or deployment folder of sessions")
    Path session;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--video", paramLabel = "FILE",
                description = "video file: start from FILE" + VideoStart.SIDECAR_SUFFIX + " if present, else ffprobe's creation_time;"
                        + " duration from ffprobe")
        Path video;
        @ArgGroup(exclusive = false)
        Manual manual;
    }

    static final class Manual {
        @Option(names = "--video-start", required = true, paramLabel = "UTC", description = "UTC of the first frame, ISO-8601")
        String startUtc;
        @Option(names = "--video-duration", required = true, paramLabel = "S", description = "video duration in seconds (decimal)")
        String durationS;
    }

    @Option(names = "--out", required = true, paramLabel = "CLIP.wav", description = "output Broadcast WAV (never overwritten)")
    Path out;

    @Option(names = "--offset-ms", paramLabel = "X", defaultValue = "0",
            description = "shift: clip sample k is at video start + X ms + k/fs. A camera that stamps frames L ms after"
                    + " the light reached it needs -L.")
    double offsetMs;

    @Option(names = "--mux", paramLabel = "OUT.mkv|OUT.mp4",
            description = "also write a copy of the video with the clip as its audio (video not re-encoded;"
                    + " PCM in .mkv, ALAC in .mp4/.mov; never overwritten)")
    Path mux;

    @Option(names = "--channels", split = ",", paramLabel = "LIST", description = "channels to keep, from 1 (default: all)")
    List<Integer> channels;

    @Mixin
    JsonOutput output;

    @Mixin
    DeploymentTargets targets;

    @Mixin
    CalibrationOption calibration;

    @Override
    public Integer call() throws Exception {
        if (mux != null) {
            if (source.video == null) {
                throw new UserError("--mux needs a video file", "give --video FILE instead of --video-start/--video-duration");
            }
            VideoMuxer.audioCodecFor(mux, 16, false); // the container is one we mux into
            VideoMuxer.refuseExisting(mux);
        }
        VideoInfo video = null;
        VideoStart start;
        long durationNs;
        if (source.video != null) {
            video = VideoProbe.probe(source.video);
            start = VideoStart.of(video);
            durationNs = video.durationNs();
        } else {
            start = new VideoStart(Times.parseUtc(source.manual.startUtc), "--video-start", false);
            durationNs = parseSeconds(source.manual.durationS);
        }
        if (durationNs <= 0) {
            throw new UserError("the video's duration is " + durationNs + " ns", "give a video with frames, or a positive --video-duration");
        }
        List<String> warnings = new ArrayList<>();
        if (start.wholeSecondsOnly()) {
            warnings.add("the video start comes from MP4/MOV creation_time, which keeps whole seconds only: the clip may be"
                    + " up to 1 s off; give " + VideoStart.sidecarOf(source.video).getFileName() + " or --video-start for a"
                    + " precise start");
        }
        for (String w : warnings) {
            System.err.println("tidemark: warning: " + w);
        }
        long offsetNs = Math.round(offsetMs * 1e6);
        Map<String, Object> across = new LinkedHashMap<>();
        ExportCommand.Exported e = clip(session, start, durationNs, offsetMs, channels, targets.fill(), out,
                f -> System.err.printf("align: %.0f %%%n", f * 100), across, calibration.file());
        Exporter.Result r = e.result();
        TimeModel m = e.model();
        Map<String, Object> o = new LinkedHashMap<>();
        o.putAll(across);
        o.put("clip", r.file().toString());
        o.put("frames", r.frames());
        o.put("video", video == null ? null : video.file().toString());
        o.put("videoStartUtcNs", start.utcNs());
        o.put("videoStartUtc", Times.iso(start.utcNs()));
        o.put("videoStartSource", start.source());
        o.put("videoStartWholeSecondsOnly", start.wholeSecondsOnly());
        o.put("videoDurationNs", durationNs);
        o.put("offsetNs", offsetNs);
        o.put("firstSampleUtcNs", r.firstUtcNs());
        o.put("firstSampleUtc", Times.iso(r.firstUtcNs()));
        o.put("uncertaintyNs", Math.round(r.uncertaintyNs()));
        m.inputLatency().putInto(o);
        o.put("timeReference", r.timeReference());
        o.put("measuredRateHz", r.measuredRateHz());
        o.put("utcSource", m.utcSource());
        if (mux != null) {
            System.err.println("align: writing " + mux);
            o.put("mux", mux.toString());
            o.put("muxAudioCodec", mux(video, r.file(), mux));
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(m.warnings());
        o.put("warnings", all);
        // The clip's start is stated in absolute UTC, so the same caveat as query's holds.
        output.print(o, m.warnings(), m.inputLatency().caveat());
        return 0;
    }

    /**
     * The clip of {@code tidemark align}, for the CLI and the desktop app alike: the audio of a session or deployment
     * resampled so that sample k is at video start + offset + k/fs, over the video's duration ({@code fillGaps}: gaps
     * between sessions filled with silence). Adds the sessions used (across sessions) to {@code across}; progress 0..1
     * goes to {@code progress}, which may throw to cancel.
     */
    public static ExportCommand.Exported clip(Path target, VideoStart start, long durationNs, double offsetMs,
                                              List<Integer> channels, boolean fillGaps, Path out,
                                              java.util.function.DoubleConsumer progress, Map<String, Object> across,
                                              Path calibrationOrNull) throws java.io.IOException {
        long firstUtcNs = start.utcNs() + Math.round(offsetMs * 1e6);
        String purpose = String.format(java.util.Locale.ROOT, "Aligned to video, offset %.3f ms", offsetMs);
        Path dir = target;
        Exporter.Result r = null;
        if (DeploymentTargets.isDeployment(target)) {
            Deployment d = DeploymentTargets.open(target);
            var one = DeploymentTargets.sessionHolding(d, firstUtcNs, firstUtcNs + durationNs);
            if (one.isPresent()) {
                dir = one.get().dir();
            } else {
                r = DeploymentTargets.exportAcross(d, firstUtcNs, framesIn(durationNs, d.sessions().get(0).sampleRateHz()),
                        channels, out, purpose, fillGaps, progress, across, calibrationOrNull);
                @SuppressWarnings("unchecked")
                List<String> used = (List<String>) across.get("sessions");
                dir = target.resolve(used.get(0));
            }
        }
        TimeModel m = Models.load(dir, false, calibrationOrNull);
        if (r == null) {
            r = Exporter.exportResampled(dir, m, firstUtcNs, framesIn(durationNs, m.sampleRateHz()), channels, out,
                    purpose, progress);
        }
        return new ExportCommand.Exported(r, m);
    }

    /** Writes a copy of the video with the clip as its audio (never over a file); returns the audio codec used. */
    public static String mux(VideoInfo video, Path clip, Path mux) throws java.io.IOException {
        int bits;
        boolean floatSamples;
        try (BwfReader c = BwfReader.open(clip)) {
            bits = c.format().bitsPerSample();
            floatSamples = c.format().isFloat();
        }
        VideoMuxer.mux(video, clip, bits, floatSamples, mux);
        return VideoMuxer.audioCodecFor(mux, bits, floatSamples);
    }

    /** Frames in a duration at the nominal rate, rounded to the nearest (int64 maths, no overflow for days). */
    static long framesIn(long durationNs, int fs) {
        long sec = durationNs / 1_000_000_000L;
        long ns = durationNs % 1_000_000_000L;
        return sec * fs + (ns * fs + 500_000_000L) / 1_000_000_000L;
    }

    private static long parseSeconds(String text) {
        try {
            return VideoProbe.secondsToNs(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UserError("cannot read --video-duration '" + text + "' as seconds", "give decimal seconds, e.g. 20 or 20.04");
        }
    }
}
