package io.tidemark.analysis.video;

import java.nio.file.Path;

/**
 * What ffprobe says about a video file.
 *
 * @param file               the video
 * @param formatName         ffprobe's format_name ("matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2", ...)
 * @param videoCodec         codec of the first video stream
 * @param creationTimeUtcNs  the container's creation_time as UTC ns, or null when it has none
 * @param durationNs         the first video stream's duration (the container's when the stream has none)
 * @param videoStartNs       the first video stream's start_time: where its first frame sits on the file's timeline
 */
public record VideoInfo(Path file, String formatName, String videoCodec, Long creationTimeUtcNs, long durationNs,
                        long videoStartNs) {

    /**
     * MP4 and MOV store creation_time as whole seconds since 1904 (mvhd), so a start read from it is
     * known to a second at best.
     */
    public boolean creationTimeWholeSecondsOnly() {
        return formatName.contains("mov") || formatName.contains("mp4");
    }
}
