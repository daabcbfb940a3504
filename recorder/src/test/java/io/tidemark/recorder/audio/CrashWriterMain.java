package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The child process of {@link CrashRecoveryTest}: records a known signal forever, syncing headers
 * every 10 buffers and printing "synced FRAMES" after each sync, until it is killed.
 */
public final class CrashWriterMain {

    static final CaptureFormat FORMAT = new CaptureFormat(8, 48_000, 24);
    static final int BUFFER_FRAMES = 4_800;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] pcm = new byte[BUFFER_FRAMES * FORMAT.bytesPerFrame()];
        long index = 0;
        RotatingBwfWriter w = new RotatingBwfWriter(dir, "crash", FORMAT, 48_000L * 3600, i -> OptionalLong.of(
                1_795_290_000_000_000_000L + i * 1_000_000_000L / 48_000), AudioFileListener.NONE);
        for (int buffer = 1; ; buffer++) {
            fill(pcm, index * FORMAT.bytesPerFrame());
            w.write(pcm, 0, BUFFER_FRAMES, index);
            index += BUFFER_FRAMES;
            if (buffer % 10 == 0) {
                w.syncHeaders();
                System.out.println("synced " + index);
                System.out.flush();
            }
            Thread.sleep(2);
        }
    }

    /** The known signal: each byte a hash of its position in the recording. */
    static void fill(byte[] pcm, long firstBytePos) {
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = byteAt(firstBytePos + i);
        }
    }

    static byte byteAt(long pos) {
        return (byte) ((pos * 0x9E3779B97F4A7C15L) >>> 56);
    }
}
