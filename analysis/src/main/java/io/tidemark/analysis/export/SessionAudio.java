package io.tidemark.analysis.export;

import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.audio.WaveFormat;
import io.tidemark.recorder.store.FileRow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A session's audio as one sample axis across its files: frames by session sample index, as
 * interleaved bytes as stored or as floats (integer PCM scaled to [-1, 1); float files as they are, beyond
 * ±1.0 included). Samples no file holds read as silence.
 */
public final class SessionAudio implements AutoCloseable {

    /** Zeros to write gaps from; never written to. */
    private static final ByteBuffer SILENCE = ByteBuffer.allocateDirect(1 << 20);

    private final List<FileRow> files;
    private final List<BwfReader> readers = new ArrayList<>();
    private final WaveFormat format;

    public SessionAudio(Path sessionDir, List<FileRow> files) throws IOException {
        if (files.isEmpty()) {
            throw new ExportException("the session has no audio files", "check the session folder");
        }
        this.files = files.stream().sorted((a, b) -> Long.compare(a.firstSampleIndex(), b.firstSampleIndex())).toList();
        WaveFormat f = null;
        for (FileRow row : this.files) {
            BwfReader r = BwfReader.open(sessionDir.resolve(row.path()));
            readers.add(r);
            if (f == null) {
                f = r.format();
            }
        }
        this.format = f;
    }

    public WaveFormat format() {
        return format;
    }

    public int blockAlign() {
        return format.blockAlign();
    }

    /** Reads frames [start, start + count) as interleaved PCM into dst (zeros where no file has them). */
    public void readPcm(long start, int count, byte[] dst) throws IOException {
        int ba = format.blockAlign();
        long filled = start; // frames before this are in dst
        for (int i = 0; i < files.size(); i++) {
            FileRow row = files.get(i);
            long fileFrames = readers.get(i).frames();
            long a = Math.max(filled, row.firstSampleIndex());
            long b = Math.min(start + count, row.firstSampleIndex() + fileFrames);
            if (a < b) {
                Arrays.fill(dst, (int) (filled - start) * ba, (int) (a - start) * ba, (byte) 0);
                readers.get(i).read(a - row.firstSampleIndex(), dst, (int) (a - start) * ba, (int) (b - a));
                filled = b;
            }
        }
        Arrays.fill(dst, (int) (filled - start) * ba, count * ba, (byte) 0);
    }

    /**
     * Appends frames [start, start + count) to {@code out} as stored, silence where no file has them,
     * copied inside the kernel ({@link BwfFileWriter#append}); {@code out} has the session's format.
     */
    public void copyTo(long start, long count, BwfFileWriter out) throws IOException {
        long end = start + count;
        long copied = start; // frames before this are in out
        for (int i = 0; i < files.size(); i++) {
            FileRow row = files.get(i);
            long a = Math.max(copied, row.firstSampleIndex());
            long b = Math.min(end, row.firstSampleIndex() + readers.get(i).frames());
            if (a < b) {
                appendSilence(out, a - copied);
                out.append(readers.get(i), a - row.firstSampleIndex(), b - a);
                copied = b;
            }
        }
        appendSilence(out, end - copied);
    }

    private void appendSilence(BwfFileWriter out, long frames) throws IOException {
        int ba = format.blockAlign();
        while (frames > 0) {
            int n = (int) Math.min(frames, SILENCE.capacity() / ba);
            out.write(SILENCE.duplicate().limit(n * ba));
            frames -= n;
        }
    }

    /**
     * Reads one channel (0-based) of frames [start, start + count) as floats into {@code dst[0..count)}, in blocks
     * of a tenth of a second (silence where no file has them).
     */
    public void readChannel(long start, int count, int channel, float[] dst) throws IOException {
        int channels = format.channels();
        int block = Math.max(1, format.sampleRateHz() / 10);
        byte[] pcm = new byte[block * format.blockAlign()];
        float[] interleaved = new float[block * channels];
        for (int done = 0; done < count; done += block) {
            int n = Math.min(block, count - done);
            readPcm(start + done, n, pcm);
            toFloat(pcm, n, interleaved);
            for (int i = 0; i < n; i++) {
                dst[done + i] = interleaved[i * channels + channel];
            }
        }
    }

    /** Converts interleaved little-endian PCM (16, 24 or 32 bit) or IEEE float to floats, without clipping. */
    public void toFloat(byte[] pcm, int frames, float[] dst) {
        int bytes = format.bitsPerSample() / 8;
        int n = frames * format.channels();
        if (format.isFloat()) {
            ByteBuffer.wrap(pcm, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, 0, n);
            return;
        }
        double scale = 1.0 / (1L << (format.bitsPerSample() - 1));
        for (int i = 0, p = 0; i < n; i++, p += bytes) {
            int v = switch (bytes) {
                case 2 -> (short) ((pcm[p] & 0xFF) | (pcm[p + 1] << 8));
                case 3 -> ((pcm[p] & 0xFF) | ((pcm[p + 1] & 0xFF) << 8) | (pcm[p + 2] << 16));
                case 4 -> ((pcm[p] & 0xFF) | ((pcm[p + 1] & 0xFF) << 8) | ((pcm[p + 2] & 0xFF) << 16) | (pcm[p + 3] << 24));
                default -> throw new IllegalStateException("unsupported sample size " + bytes);
            };
            dst[i] = (float) (v * scale);
        }
    }

    @Override
    public void close() throws IOException {
        for (BwfReader r : readers) {
            r.close();
        }
    }
}
