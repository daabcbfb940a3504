package io.tidemark.analysis.video;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts an aligned clip into a copy of the video with ffmpeg: the video streams are copied as they
 * are ({@code -c:v copy}), the clip becomes the only audio stream, delayed by the video stream's
 * start_time so that its first sample plays with the first frame. The audio codec follows the
 * container, lossless in both so no sample moves: PCM (as in the WAV) in Matroska; ALAC in MP4/MOV,
 * which, unlike AAC, adds no encoder delay (priming samples) that would shift the audio.
 * Other streams of the video (its own audio, subtitles) are not carried over.
 */
public final class VideoMuxer {

    private VideoMuxer() {
    }

    /** The ffmpeg audio codec for {@code out}'s container, or a one-line error for one we do not mux into. */
    public static String audioCodecFor(Path out, int bitsPerSample, boolean floatSamples) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mkv")) {
            return floatSamples ? "pcm_f32le" : "pcm_s" + bitsPerSample + "le";
        }
        if (name.endsWith(".mov")) {
            return floatSamples ? "pcm_f32le" : "alac"; // QuickTime holds float PCM; ALAC is integer only
        }
        if (name.endsWith(".mp4")) {
            if (floatSamples) {
                // MP4 has no float PCM: any codec it takes would turn the peaks above 0 dBFS into clipping
                throw new VideoException("an MP4 cannot hold the float audio without clipping it",
                        "mux into .mkv or .mov instead");
            }
            return "alac";
        }
        throw new VideoException("cannot tell the container of --mux " + out, "end its name in .mkv, .mp4 or .mov");
    }

    /** Refuses an existing output before any work is done: nothing is ever overwritten. */
    public static void refuseExisting(Path out) {
        if (Files.exists(out)) {
            throw new VideoException(out + " already exists", "choose another --mux; Tidemark never overwrites a file");
        }
    }

    public static void mux(VideoInfo video, Path clip, int bitsPerSample, boolean floatSamples, Path out) {
        String codec = audioCodecFor(out, bitsPerSample, floatSamples);
        refuseExisting(out);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-n", "-i", video.file().toString()));
        if (video.videoStartNs() != 0) {
            cmd.addAll(List.of("-itsoffset", String.format(Locale.ROOT, "%.9f", video.videoStartNs() / 1e9)));
        }
        cmd.addAll(List.of("-i", clip.toString(), "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", codec, out.toString()));
        try {
            ExternalProgram.run(cmd, "check that " + out.toAbsolutePath().getParent() + " is writable and has space");
        } catch (VideoException e) {
            // What ffmpeg left is ours (the path did not exist before) and incomplete.
            try {
                Files.deleteIfExists(out);
            } catch (java.io.IOException ignored) {
                // the ffmpeg failure is the error to report
            }
            throw e;
        }
    }
}
