package io.tidemark.analysis.video;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The UTC instant of a video's first frame and where it came from. A sidecar beside the video
 * ({@code FILE.start.json}, holding {@code {"startUtc": "2026-11-21T12:00:10.500123Z"}}) wins over
 * the container's creation_time, because a Milestone export or a person can state it to the
 * microsecond while MP4/MOV keep whole seconds only.
 *
 * @param utcNs              UTC ns of the first frame
 * @param source             "sidecar FILE", "ffprobe creation_time (FORMAT)" or "--video-start"
 * @param wholeSecondsOnly   true when the source keeps whole seconds only (MP4/MOV creation_time)
 */
public record VideoStart(long utcNs, String source, boolean wholeSecondsOnly) {

    public static final String SIDECAR_SUFFIX = ".start.json";

    public static Path sidecarOf(Path video) {
        return video.resolveSibling(video.getFileName() + SIDECAR_SUFFIX);
    }

    /** From the video's sidecar if there is one, else from its creation_time. */
    public static VideoStart of(VideoInfo video) {
        Path sidecar = sidecarOf(video.file());
        if (Files.exists(sidecar)) {
            return new VideoStart(readSidecar(sidecar), "sidecar " + sidecar.getFileName(), false);
        }
        if (video.creationTimeUtcNs() == null) {
            throw new VideoException(video.file() + " has no creation_time and no sidecar " + sidecar.getFileName(),
                    "write the start into " + sidecar.getFileName() + " as {\"startUtc\": \"2026-11-21T12:00:10.500123Z\"}"
                            + " or give --video-start and --video-duration");
        }
        return new VideoStart(video.creationTimeUtcNs(), "ffprobe creation_time (" + video.formatName() + ")",
                video.creationTimeWholeSecondsOnly());
    }

    static long readSidecar(Path sidecar) {
        String remedy = "write it as {\"startUtc\": \"2026-11-21T12:00:10.500123Z\"} (ISO-8601 UTC with a Z)";
        String text;
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readString(sidecar));
            text = root == null ? "" : root.path("startUtc").asText("");
        } catch (IOException e) {
            throw new VideoException("cannot read the sidecar " + sidecar + " (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", remedy);
        }
        if (text.isEmpty()) {
            throw new VideoException("the sidecar " + sidecar + " has no \"startUtc\"", remedy);
        }
        try {
            return UtcNanos.toEpochNs(Instant.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new VideoException("cannot read startUtc '" + text + "' in " + sidecar, remedy);
        }
    }
}
