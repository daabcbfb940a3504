package io.tidemark.recorder.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;

/** Hashes what the capture loop hands the audio sink and the sink took: the captured stream, for bit-exact checks. */
public final class HashingSink implements AudioSink {

    private final AudioSink inner;
    private final int bytesPerFrame;
    private final MessageDigest sha = sha256();
    long frames;
    /** The buffer whose write failed (part of it may be in a file), or null. */
    private byte[] failed;

    HashingSink(AudioSink inner, int bytesPerFrame) {
        this.inner = inner;
        this.bytesPerFrame = bytesPerFrame;
    }

    @Override
    public void write(byte[] data, int n) throws IOException {
        try {
            inner.write(data, n);
        } catch (IOException e) {
            failed = java.util.Arrays.copyOf(data, n * bytesPerFrame);
            throw e;
        }
        sha.update(data, 0, n * bytesPerFrame);
        frames += n;
    }

    @Override
    public void syncHeaders() throws IOException {
        inner.syncHeaders();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    String hex() {
        return hexWith(0);
    }

    /** The stream taken, and the first {@code frames} frames of the buffer whose write failed (which reached a file). */
    String hexWith(long frames) {
        try {
            MessageDigest d = (MessageDigest) sha.clone();
            if (frames > 0) {
                d.update(failed, 0, (int) (frames * bytesPerFrame));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the files' data chunks in order, each found as the readers find it: sessionDir.resolve(path). */
    public static String concatenatedData(Path sessionDir, List<FileRow> files, int bytesPerFrame) throws IOException {
        MessageDigest concat = sha256();
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        for (FileRow f : files) {
            try (BwfReader r = BwfReader.open(sessionDir.resolve(f.path()))) {
                long bytes = r.frames() * bytesPerFrame;
                for (long at = 0; at < bytes; ) {
                    block.clear();
                    block.limit((int) Math.min(block.capacity(), bytes - at));
                    int n = r.readDataBytes(at, block);
                    block.flip();
                    concat.update(block);
                    at += n;
                }
            }
        }
        return HexFormat.of().formatHex(concat.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
