package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Broadcast WAV file, written as it records. Layout: RIFF, WAVE, a JUNK chunk the size of a ds64
 * (EBU Tech 3306), fmt, fact (frame count: float WAV requires it, libsndfile asks for it with
 * WAVE_FORMAT_EXTENSIBLE; 0xFFFFFFFF in RF64, where ds64 holds the count), bext,
 * iXML, data. The header is rewritten in place, always the same length:
 * when the file would pass 4 GiB it turns into RF64 (JUNK becomes ds64, the 32-bit sizes 0xFFFFFFFF).
 *
 * <p>{@link #write} is for one thread (the capture loop). {@link #syncHeaders()} may run on another:
 * it makes the data durable, then writes a header that claims only that data, then makes the header
 * durable, so a file read after kill -9 or a power cut plays to the last sync. The file is opened
 * with CREATE_NEW: an existing file is never overwritten or truncated.
 */
public final class BwfFileWriter implements AutoCloseable {

    static final long RIFF_LIMIT = 0xFFFF_FFFFL;
    static final int DS64_BODY = 28;
    /** Room left in the iXML chunk for values that grow when the header is refreshed. */
    private static final int IXML_SLACK = 128;

    private final Path path;
    private final String relativePath;
    private final FileChannel channel;
    private final WaveFormat format;
    private final int blockAlign;
    private final BwfMetadata metadata;
    private final String scene;
    private final String take;
    private final String fileUid;
    private final AudioFileListener listener;
    private final long firstSampleIndex;

    private final int bextBodySize;
    private final int ixmlCapacity;
    private final int dataOffset;
    private final ByteBuffer header;
    private final Object headerLock = new Object();

    private volatile long framesWritten;
    private volatile TimeReference timeReference;
    private boolean closed;
    /** SHA-256 of the data chunk's bytes as they are written (the capture thread's only), so no second read. */
    private MessageDigest dataDigest = sha256();

    private BwfFileWriter(Path path, String relativePath, FileChannel channel, CaptureFormat captureFormat,
                          BwfMetadata metadata, String scene, String take, TimeReference start,
                          AudioFileListener listener, long firstSampleIndex) {
        this.path = path;
        this.relativePath = relativePath;
        this.channel = channel;
        this.format = WaveFormat.of(captureFormat);
        this.blockAlign = format.blockAlign();
        this.metadata = metadata;
        this.scene = scene;
        this.take = take;
        this.fileUid = fileUid(path);
        this.listener = listener;
        this.firstSampleIndex = firstSampleIndex;
        this.timeReference = start;
        // Sizes are fixed now, from the longest values the header can take, so it can be rewritten in place.
        this.bextBodySize = even(bext(TimeReference.of(0, format.sampleRateHz())).bodySize());
        int ixmlMax = Math.max(ixml(start).toBytes().length, ixml(TimeReference.of(86_399_999_999_999L,
                format.sampleRateHz())).toBytes().length);
        this.ixmlCapacity = even(ixmlMax + IXML_SLACK);
        this.dataOffset = 12 + 8 + DS64_BODY + 8 + format.bodySize() + 12 + 8 + bextBodySize + 8 + ixmlCapacity + 8;
        this.header = ByteBuffer.allocate(dataOffset).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates the file (never replacing one), writes its header and makes the file's existence durable.
     *
     * @param start the first sample's UTC placement, or null while unknown
     * @throws java.nio.file.FileAlreadyExistsException when {@code path} exists
     */
    public static BwfFileWriter create(Path path, String relativePath, CaptureFormat format, BwfMetadata metadata,
                                       String scene, String take, TimeReference start,
                                       AudioFileListener listener, long firstSampleIndex) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            BwfFileWriter w = new BwfFileWriter(path, relativePath, ch, format, metadata, scene, take, start,
                    listener, firstSampleIndex);
            synchronized (w.headerLock) {
                w.writeHeader(0, false);
            }
            ch.force(true);
            forceDirectory(path.toAbsolutePath().getParent());
            return w;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public String relativePath() {
        return relativePath;
    }

    public long firstSampleIndex() {
        return firstSampleIndex;
    }

    /** Frames written so far (not necessarily synced). */
    public long frames() {
        return framesWritten;
    }

    public int dataOffset() {
        return dataOffset;
    }

    /** A better estimate of the first sample's UTC placement; written at the next {@link #syncHeaders()}. */
    public void updateTimeReference(TimeReference ref) {
        if (ref != null) {
            timeReference = ref;
        }
    }

    /**
     * Appends whole frames from {@code src} (position to limit). Only the capture thread calls this.
     * On an I/O error (disk full) the frames are not counted: the header never claims them.
     */
    public void write(ByteBuffer src) throws IOException {
        int bytes = src.remaining();
        if (bytes % blockAlign != 0) {
            throw new IllegalArgumentException(bytes + " bytes is not a whole number of " + blockAlign + "-byte frames");
        }
        ByteBuffer written = src.duplicate();
        long frames = framesWritten;
        long pos = dataOffset + frames * blockAlign;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        framesWritten = frames + bytes / blockAlign;
        if (dataDigest != null) {
            dataDigest.update(written); // only what reached the file: a failed write is neither counted nor hashed
        }
    }

    /**
     * Appends frames [startFrame, startFrame + frames) of {@code source} byte for byte, copied inside
     * the kernel (sendfile) without passing through the Java heap: an export that keeps every channel
     * of the recording in its sample format needs no more than this. Only the writing thread calls it.
     *
     * @throws IllegalArgumentException when the source's frames are laid out differently
     */
    public void append(BwfReader source, long startFrame, long frames) throws IOException {
        WaveFormat f = source.format();
        if (f.channels() != format.channels() || f.bitsPerSample() != format.bitsPerSample()
                || f.isFloat() != format.isFloat()) {
            throw new IllegalArgumentException(source.file() + " holds " + f.captureFormat() + ", this file "
                    + format.captureFormat());
        }
        if (startFrame < 0 || frames < 0 || startFrame + frames > source.frames()) {
            throw new IndexOutOfBoundsException("frames " + startFrame + " + " + frames + " of " + source.frames());
        }
        long from = source.dataOffset() + startFrame * blockAlign;
        long bytes = frames * blockAlign;
        long written = framesWritten;
        dataDigest = null; // the kernel copies these bytes: none pass through here to be hashed
        // transferTo writes at the target's own position; every other write here names its position.
        channel.position(dataOffset + written * blockAlign);
        long done = 0;
        while (done < bytes) {
            long n = source.channel().transferTo(from + done, bytes - done, channel);
            if (n <= 0) {
                throw new BwfFormatException(source.file(), "ends inside its data (file shrank while reading)");
            }
            done += n;
        }
        framesWritten = written + frames;
    }

    /**
     * Appends {@code frames} frames of silence as a hole that reads as zeros (a sparse file): only the
     * last frame is written, so the file's length always covers what the header claims. For building
     * multi-GiB test and benchmark files (RF64) without writing gigabytes; never used while recording.
     */
    public void skipAsHole(long frames) throws IOException {
        if (frames <= 0) {
            return;
        }
        framesWritten += frames - 1;
        dataDigest = null; // the hole's zeros are never written, so never hashed
        write(ByteBuffer.allocate(blockAlign));
    }

    /**
     * Makes everything written so far durable and describes it in the header.
     *
     * @return frames the header now claims, or -1 when the file was closed meanwhile
     */
    public long syncHeaders() throws IOException {
        long frames = framesWritten;
        try {
            channel.force(false); // the data first, so the header never claims data that is not on disk
            synchronized (headerLock) {
                if (closed) {
                    return -1;
                }
                writeHeader(frames, false);
                channel.force(false);
                listener.fileSynced(relativePath, frames);
            }
            return frames;
        } catch (ClosedChannelException e) {
            return -1; // closed by the capture thread while we synced: close wrote the final header
        }
    }

    /** Writes the final header (with a pad byte after odd-sized data), makes it durable, closes. */
    @Override
    public void close() throws IOException {
        synchronized (headerLock) {
            if (closed) {
                return;
            }
            closed = true;
            long frames = framesWritten;
            try {
                channel.force(false);
                long dataBytes = frames * blockAlign;
                if ((dataBytes & 1) == 1) {
                    channel.write(ByteBuffer.wrap(new byte[1]), dataOffset + dataBytes);
                }
                writeHeader(frames, true);
                channel.force(true);
            } finally {
                channel.close();
            }
            listener.fileClosed(relativePath, frames, dataDigest == null ? null : HexFormat.of().formatHex(dataDigest.digest()));
        }
    }

    private void writeHeader(long frames, boolean padded) throws IOException {
        TimeReference ref = timeReference;
        long dataBytes = frames * blockAlign;
        long riffSize = dataOffset - 8 + dataBytes + (padded && (dataBytes & 1) == 1 ? 1 : 0);
        boolean rf64 = riffSize > RIFF_LIMIT;
        ByteBuffer h = header;
        h.clear();
        h.put(ascii(rf64 ? "RF64" : "RIFF")).putInt(rf64 ? -1 : (int) riffSize).put(ascii("WAVE"));
        h.put(ascii(rf64 ? "ds64" : "JUNK")).putInt(DS64_BODY);
        if (rf64) {
            h.putLong(riffSize).putLong(dataBytes).putLong(frames).putInt(0);
        } else {
            h.put(new byte[DS64_BODY]);
        }
        h.put(ascii("fmt ")).putInt(format.bodySize());
        format.writeBody(h);
        h.put(ascii("fact")).putInt(4).putInt(rf64 ? -1 : (int) frames);
        BextChunk bext = bext(ref);
        h.put(ascii("bext")).putInt(bext.bodySize());
        int start = h.position();
        bext.writeBody(h);
        while (h.position() < start + bextBodySize) {
            h.put((byte) 0);
        }
        byte[] xml = ixml(ref).toBytes();
        h.put(ascii("iXML")).putInt(ixmlCapacity);
        h.put(xml, 0, Math.min(xml.length, ixmlCapacity));
        for (int i = xml.length; i < ixmlCapacity; i++) {
            h.put((byte) ' ');
        }
        h.put(ascii("data")).putInt(rf64 ? -1 : (int) dataBytes);
        h.flip();
        long pos = 0;
        while (h.hasRemaining()) {
            pos += channel.write(h, pos);
        }
    }

    private BextChunk bext(TimeReference ref) {
        return BextChunk.forRecording(ref, originatorReference(), format.captureFormat(), metadata.softwareVersion());
    }

    private IxmlChunk ixml(TimeReference ref) {
        String note = (metadata.note() == null ? "" : metadata.note() + " ")
                + (ref == null ? "UTC of the first sample unknown when written."
                : "First sample at " + ref.utcMicros() + " UTC (live estimate while recording).")
                + " First sample index in session: " + firstSampleIndex + ".";
        int digitizer = metadata.digitizerSampleRateHz() > 0 ? metadata.digitizerSampleRateHz() : format.sampleRateHz();
        return new IxmlChunk(metadata.project(), metadata.tape(), scene, take, note, fileUid,
                format.sampleRateHz(), format.bitsPerSample(), digitizer,
                ref == null ? -1 : ref.samplesSinceMidnight(), format.sampleRateHz(),
                metadata.trackNamesFor(format.channels()));
    }

    private String originatorReference() {
        String name = path.getFileName().toString().replaceFirst("\\.wav$", "");
        return name.length() <= 32 ? name : name.substring(name.length() - 32);
    }

    private static String fileUid(Path path) {
        return "TIDEMARK-" + path.getFileName().toString().replaceFirst("\\.wav$", "");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static int even(int n) {
        return (n + 1) & ~1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the file's data is still synced.
        }
    }
}
