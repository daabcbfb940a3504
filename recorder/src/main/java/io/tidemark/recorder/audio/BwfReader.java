package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads a PCM WAV, Broadcast WAV or RF64 file: format, bext, iXML, and frames by range. Damaged input
 * gives a {@link BwfFormatException} naming the file and the problem.
 *
 * <p>{@link #frames()} is what the header claims, clamped to the bytes really on disk; a file left
 * unfinished by a crash may hold more ({@link #framesOnDisk()}), which {@link BwfRepair} recovers.
 */
public final class BwfReader implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final RiffLayout layout;
    private final WaveFormat format;
    private final BextChunk bext;
    private final IxmlChunk ixml;
    private final long frames;
    private final long framesOnDisk;

    private BwfReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.layout = RiffLayout.scan(file, channel);
        this.format = WaveFormat.parse(file, RiffLayout.read(channel, layout.fmtOffset(), layout.fmtSize()));
        this.bext = layout.bextOffset() < 0 ? null
                : BextChunk.parse(file, RiffLayout.read(channel, layout.bextOffset(), layout.bextSize()));
        this.ixml = layout.ixmlOffset() < 0 ? null
                : IxmlChunk.parse(file, RiffLayout.read(channel, layout.ixmlOffset(), layout.ixmlSize()).array());
        long available = Math.max(0, layout.fileLength() - layout.dataOffset());
        long declared = layout.declaredDataBytes() < 0 ? available : layout.declaredDataBytes();
        int blockAlign = format.blockAlign();
        this.framesOnDisk = available / blockAlign;
        this.frames = Math.min(declared, available) / blockAlign;
    }

    public static BwfReader open(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BwfFormatException(file, "no such file");
        }
        try {
            return new BwfReader(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public WaveFormat format() {
        return format;
    }

    public Optional<BextChunk> bext() {
        return Optional.ofNullable(bext);
    }

    public Optional<IxmlChunk> ixml() {
        return Optional.ofNullable(ixml);
    }

    public boolean rf64() {
        return layout.rf64();
    }

    /** Frames the header claims (clamped to the file). */
    public long frames() {
        return frames;
    }

    /** Whole frames between the data chunk's start and the end of the file. */
    public long framesOnDisk() {
        return framesOnDisk;
    }

    /** The header claims more audio than the file holds. */
    public boolean truncated() {
        return layout.declaredDataBytes() >= 0 && layout.declaredDataBytes() / format.blockAlign() > framesOnDisk;
    }

    public long dataOffset() {
        return layout.dataOffset();
    }

    /**
     * Reads the data chunk's raw bytes from {@code offsetInDataBytes} into {@code dst}, as stored (for
     * digests and copies that must see exactly the recorded bytes). Returns the bytes read, -1 at the end.
     */
    public int readDataBytes(long offsetInDataBytes, ByteBuffer dst) throws IOException {
        long dataBytes = framesOnDisk() * format.blockAlign();
        if (offsetInDataBytes >= dataBytes) {
            return -1;
        }
        if (dst.remaining() > dataBytes - offsetInDataBytes) {
            dst.limit(dst.position() + (int) (dataBytes - offsetInDataBytes));
        }
        return channel.read(dst, dataOffset() + offsetInDataBytes);
    }

    /** For {@link BwfFileWriter#append}: copies inside the kernel read the file directly. */
    FileChannel channel() {
        return channel;
    }

    /**
     * Reads frames [startFrame, startFrame + count) into {@code dst} at {@code offset}, interleaved
     * little-endian as stored. Reads stop at {@link #frames()}.
     *
     * @return frames read (fewer than {@code count} only at the end)
     */
    public int read(long startFrame, byte[] dst, int offset, int count) throws IOException {
        if (startFrame < 0 || count < 0) {
            throw new IndexOutOfBoundsException("frame " + startFrame + ", count " + count);
        }
        int blockAlign = format.blockAlign();
        long n = Math.max(0, Math.min(count, frames - startFrame));
        ByteBuffer b = ByteBuffer.wrap(dst, offset, (int) (n * blockAlign));
        long pos = layout.dataOffset() + startFrame * blockAlign;
        while (b.hasRemaining()) {
            int r = channel.read(b, pos);
            if (r < 0) {
                throw new BwfFormatException(file, "ends inside its data (file shrank while reading)");
            }
            pos += r;
        }
        return (int) n;
    }

    /** Frames [startFrame, startFrame + count) as a new array (shorter at the end of the file). */
    public byte[] readFrames(long startFrame, int count) throws IOException {
        long n = Math.max(0, Math.min(count, frames - startFrame));
        byte[] out = new byte[Math.toIntExact(n * format.blockAlign())];
        read(startFrame, out, 0, (int) n);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
