package io.tidemark.analysis.video;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads a video's creation time, duration and first video stream through {@code ffprobe -print_format json}. */
public final class VideoProbe {

    private VideoProbe() {
    }

    public static VideoInfo probe(Path video) {
        if (!Files.isRegularFile(video)) {
            throw new VideoException("no video file at " + video, "check the --video path");
        }
        String text = ExternalProgram.run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", video.toString()), "give a video file that ffmpeg can read, or use --video-start and --video-duration");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new VideoException("ffprobe printed something that is not JSON for " + video, "check the ffmpeg installation");
        }
        JsonNode stream = null;
        for (JsonNode s : root.path("streams")) {
            if ("video".equals(s.path("codec_type").asText())) {
                stream = s;
                break;
            }
        }
        if (stream == null) {
            throw new VideoException(video + " has no video stream", "give a video file");
        }
        JsonNode format = root.path("format");
        String durationText = stream.hasNonNull("duration") ? stream.get("duration").asText() : format.path("duration").asText("");
        if (durationText.isEmpty() || "N/A".equals(durationText)) {
            throw new VideoException("ffprobe gives no duration for " + video, "give --video-start and --video-duration instead");
        }
        String created = format.path("tags").path("creation_time").asText("");
        if (created.isEmpty()) {
            created = stream.path("tags").path("creation_time").asText("");
        }
        return new VideoInfo(video, format.path("format_name").asText(""), stream.path("codec_name").asText(""),
                created.isEmpty() ? null : parseCreationTime(created, video), secondsToNs(durationText),
                secondsToNs(stream.path("start_time").asText("0")));
    }

    private static long parseCreationTime(String text, Path video) {
        try {
            return UtcNanos.toEpochNs(Instant.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new VideoException("cannot read the creation_time '" + text + "' of " + video,
                    "give the start with a sidecar " + video.getFileName() + VideoStart.SIDECAR_SUFFIX + " or --video-start");
        }
    }

    /** Decimal seconds as ffprobe prints them ("20.000000") → ns, exactly. */
    public static long secondsToNs(String seconds) {
        if ("N/A".equals(seconds)) {
            return 0;
        }
        return new BigDecimal(seconds).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
