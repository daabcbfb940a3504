package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

class ToolSmokeTest {
    @Test
    void smoke() throws Exception {
        Path dir = Files.createTempDirectory("bwfsmoke");
        for (int ch : new int[]{1, 2, 8}) {
            for (int bits : new int[]{16, 24, 32}) {
                CaptureFormat f = new CaptureFormat(ch, 48000, bits);
                long utc = 1_795_290_000_123_456_789L;
                try (RotatingBwfWriter w = new RotatingBwfWriter(dir, "c" + ch + "b" + bits, f, 48000 * 10,
                        i -> OptionalLong.of(utc + i * 1_000_000_000L / 48000), AudioFileListener.NONE)) {
                    byte[] pcm = new byte[4801 * f.bytesPerFrame()];
                    new java.util.Random(1).nextBytes(pcm);
                    w.write(pcm, 0, 4801, 0);
                }
            }
        }
        System.out.println(dir);
    }
}
