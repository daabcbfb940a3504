package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A float session aligned to a video: the clip stays float, and the video it is muxed into keeps the
 * peaks above 0 dBFS (pcm_f32le in MKV); MP4, which has no float PCM, is refused in one line instead
 * of clipping. The simulated device in f32 puts a ±2.0 (+6 dBFS) tone on channel 1.
 */
class AlignFloatTest {

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void floatClipsAreMuxedAsFloatAndNeverClipped(@TempDir Path dir) throws Exception {
        CliRun rec = CliRun.run("record", "--device", "sim", "--format", "f32", "--channels", "2", "--rate", "48000",
                "--simulated-time", "--sim-start", "2026-11-21T12:00:00Z", "--duration", "30s",
                "--out", dir.resolve("rec").toString(), "--json");
        assertEquals(0, rec.exitCode(), rec.err());
        Path session = Path.of(Json.MAPPER.readTree(rec.out()).get("session").asText());
        Path video = dir.resolve("v.mkv");
        run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "5",
                "-metadata", "creation_time=2026-11-21T12:00:10.500000Z", video.toString());

        Path muxed = dir.resolve("muxed.mkv");
        CliRun align = CliRun.run("align", session.toString(), "--video", video.toString(),
                "--out", dir.resolve("clip.wav").toString(), "--mux", muxed.toString(), "--json");
        assertEquals(0, align.exitCode(), align.err());
        assertEquals("pcm_f32le", Json.MAPPER.readTree(align.out()).get("muxAudioCodec").asText());
        assertEquals("pcm_f32le", run("ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
                "stream=codec_name", "-of", "default=nw=1:nk=1", muxed.toString()).strip());
        Path raw = dir.resolve("audio.f32");
        run("ffmpeg", "-nostdin", "-v", "error", "-i", muxed.toString(), "-map", "0:a", "-f", "f32le", raw.toString());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float peak = 0;
        while (b.remaining() >= 8) {
            peak = Math.max(peak, Math.abs(b.getFloat()));
            b.getFloat();
        }
        assertTrue(peak > 1.9f && peak <= 2.01f, "channel 1's +6 dBFS tone survives the mux: peak " + peak);

        Path mp4 = dir.resolve("muxed.mp4");
        String line = CliRun.run("align", session.toString(), "--video", video.toString(),
                "--out", dir.resolve("clip2.wav").toString(), "--mux", mp4.toString()).userErrorLine();
        assertEquals("tidemark: an MP4 cannot hold the float audio without clipping it; mux into .mkv or .mov instead",
                line);
        assertFalse(Files.exists(mp4), "nothing half-made is left");
    }
}
