package io.tidemark.recorder.audio;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.capture.CaptureFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A session's audio as a series of Broadcast WAV files of {@code rotateFrames} frames each, named
 * {@code <prefix>_<UTC yyyyMMdd'T'HHmmss'Z'>_<seq>.wav} after the first sample's estimated UTC. A
 * buffer that straddles a boundary is split there, so file k holds exactly the frames
 * [first + k·rotateFrames, first + (k+1)·rotateFrames). A gap in the sample index (which the session
 * contract rules out) starts a new file, so a file's first_sample_index is always true.
 *
 * <p>Runs in the capture loop: per buffer it copies the bytes once into a reused direct buffer and
 * issues one positional write; no allocation, no per-sample work. {@link #write} and {@link #close}
 * belong to the capture thread; {@link #syncHeaders()} may be called from another thread (it then
 * also calls the {@link SampleUtc} and the listener's {@code fileSynced} from there).
 */
public final class RotatingBwfWriter implements AutoCloseable {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int STAGING_BYTES = 1 << 20;

    private final Path sessionDir;
    private final String filePrefix;
    private final CaptureFormat format;
    private final long rotateFrames;
    private final SampleUtc sampleUtc;
    private final AudioFileListener listener;
    private final BwfMetadata metadata;
    private final LongSupplier fallbackUtcNs;
    private final int bytesPerFrame;
    private final ByteBuffer staging;

    private volatile BwfFileWriter current;
    private long nextSampleIndex = Long.MIN_VALUE;
    private int nextSeq = 1;
    private boolean closed;

    /**
     * @param fallbackUtcNs names a file when {@code sampleUtc} has no estimate yet (UTC ns)
     */
    public RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, long rotateFrames,
                             SampleUtc sampleUtc, AudioFileListener listener, BwfMetadata metadata,
                             LongSupplier fallbackUtcNs) {
        if (rotateFrames < 1) {
            throw new IllegalArgumentException("rotateFrames must be positive: " + rotateFrames);
        }
        if (!filePrefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("file prefix may hold letters, digits, '.', '_' and '-': " + filePrefix);
        }
        this.sessionDir = sessionDir;
        this.filePrefix = filePrefix;
        this.format = format;
        this.rotateFrames = rotateFrames;
        this.sampleUtc = sampleUtc;
        this.listener = listener;
        this.metadata = metadata.tape() != null || sessionDir.getFileName() == null ? metadata
                : metadata.withTape(sessionDir.getFileName().toString());
        this.fallbackUtcNs = fallbackUtcNs;
        this.bytesPerFrame = format.bytesPerFrame();
        this.staging = ByteBuffer.allocateDirect(STAGING_BYTES / bytesPerFrame * bytesPerFrame);
    }

    /** With default metadata, naming files by the system clock while there is no estimate. */
    public RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, long rotateFrames,
                             SampleUtc sampleUtc, AudioFileListener listener) {
        this(sessionDir, filePrefix, format, rotateFrames, sampleUtc, listener, BwfMetadata.defaults(),
                () -> Math.multiplyExact(System.currentTimeMillis(), 1_000_000L));
    }

    /**
     * Appends {@code frames} interleaved frames from {@code pcm} starting at {@code offset}, whose
     * first frame has session sample index {@code firstSampleIndex}.
     */
    public void write(byte[] pcm, int offset, int frames, long firstSampleIndex) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (frames < 0 || offset < 0 || offset + (long) frames * bytesPerFrame > pcm.length) {
            throw new IndexOutOfBoundsException("frames " + frames + " at " + offset + " in " + pcm.length + " bytes");
        }
        int done = 0;
        while (done < frames) {
            long index = firstSampleIndex + done;
            BwfFileWriter f = current;
            if (f != null && index != nextSampleIndex) {
                closeCurrent();
                f = null;
            }
            if (f == null) {
                f = open(index);
            }
            int n = (int) Math.min(rotateFrames - f.frames(), frames - done);
            n = Math.min(n, staging.capacity() / bytesPerFrame);
            staging.clear();
            staging.put(pcm, offset + done * bytesPerFrame, n * bytesPerFrame);
            staging.flip();
            f.write(staging);
            done += n;
            nextSampleIndex = index + n;
            if (f.frames() == rotateFrames) {
                closeCurrent();
            }
        }
    }

    /**
     * Brings the current file's header up to date (and its TimeReference, if the estimate moved) and
     * forces it to disk. Call every few seconds.
     */
    public void syncHeaders() throws IOException {
        BwfFileWriter f = current;
        if (f == null) {
            return;
        }
        OptionalLong utc = sampleUtc.utcNsOfSample(f.firstSampleIndex());
        if (utc.isPresent()) {
            f.updateTimeReference(TimeReference.of(utc.getAsLong(), format.sampleRateHz()));
        }
        f.syncHeaders();
    }

    /** The file being written, or null between files. */
    public Path currentFile() {
        BwfFileWriter f = current;
        return f == null ? null : f.path();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        BwfFileWriter f = current;
        current = null;
        if (f != null) {
            f.close();
        }
    }

    private BwfFileWriter open(long firstSampleIndex) throws IOException {
        OptionalLong utc = sampleUtc.utcNsOfSample(firstSampleIndex);
        TimeReference start = utc.isPresent() ? TimeReference.of(utc.getAsLong(), format.sampleRateHz()) : null;
        long nameNs = utc.isPresent() ? utc.getAsLong() : fallbackUtcNs.getAsLong();
        String stamp = NAME_TIME.format(UtcNanos.toInstant(nameNs));
        while (true) {
            int seq = nextSeq++;
            String name = String.format("%s_%s_%04d.wav", filePrefix, stamp, seq);
            Path path = sessionDir.resolve(name);
            if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            BwfFileWriter f;
            try {
                f = BwfFileWriter.create(path, name, format, metadata, filePrefix, Integer.toString(seq), start,
                        listener, firstSampleIndex);
            } catch (FileAlreadyExistsException e) {
                continue; // appeared between the check and the create: CREATE_NEW kept it safe
            }
            nextSampleIndex = firstSampleIndex;
            listener.fileOpened(name, firstSampleIndex);
            current = f; // only now may a sync on another thread report on it
            return f;
        }
    }
}
