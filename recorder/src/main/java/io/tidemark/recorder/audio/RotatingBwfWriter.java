package io.tidemark.recorder.audio;

import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.capture.CaptureFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A session's audio as a series of Broadcast WAV files named {@code <prefix>_<UTC yyyyMMdd'T'HHmmss'Z'>_<seq>.wav}
 * after the first sample's estimated UTC. A buffer that straddles a boundary is split there, so consecutive
 * files concatenate to the captured stream bit for bit. A gap in the sample index (which the session
 * contract rules out) starts a new file, so a file's first_sample_index is always true.
 *
 * <p>Where files are cut:
 * <ul>
 * <li>With a {@link SegmentGrid} (the recorder's way): a file ends where the live UTC estimate ({@link SampleUtc})
 * crosses the next multiple of the segment after the file's first sample. The next file's first sample is
 * <b>the sample whose estimated UTC is nearest the grid line</b> (the first whose estimate is at or after the
 * line less half a sample period), the estimate being the one {@link SampleUtc} gives while the buffer that
 * carries the sample is written: nearest rather than first-after, so that an estimate a few µs either side
 * of the fitted model still puts the start within one sample of the line by the model. So only a session's first
 * file (and one begun after a gap or a full disk) starts off the grid. The boundary's sample index is
 * predicted once per file and asked of {@link SampleUtc} again only for the buffers near it (within 1 s plus
 * 1 % of a segment), so a buffer far from a boundary costs one comparison. An estimate that jumps past a
 * line far from the prediction (a clock step) cuts at the first buffer checked after it.</li>
 * <li>While {@link SampleUtc} has no estimate when a file opens, that file is one segment of frames at the
 * nominal rate, named after the fallback clock: the behaviour before the grid.</li>
 * <li>With a frame count ({@code rotateFrames}, for tools and tests): file k holds exactly the frames
 * [first + k·rotateFrames, first + (k+1)·rotateFrames).</li>
 * </ul>
 *
 * <p>Where files go: see {@link AudioFolders}. Before each new file the writer checks that the folder it
 * writes to keeps the reserve; if not, or if a write fails with "No space left", it continues in the next
 * overflow folder with room, in {@code <root>/<session folder's name>/}, tells the listener
 * ({@link AudioFileListener#folderChanged}) and names such files to it by absolute path. When no folder has
 * room it throws an IOException saying "disk is full", and the session stops as for a full disk.
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
    /** lineNs of a file cut by frame count. */
    private static final long NO_LINE = Long.MIN_VALUE;

    private final Path sessionDir;
    private final String filePrefix;
    private final CaptureFormat format;
    private final long rotateFrames;
    private final SegmentGrid grid;
    private final SampleUtc sampleUtc;
    private final AudioFileListener listener;
    private final BwfMetadata metadata;
    private final LongSupplier fallbackUtcNs;
    private final AudioFolders folders;
    private final int bytesPerFrame;
    private final double nsPerFrame;
    /** Half a sample period: a sample is nearest a line when its estimate is within this before or after it. */
    private final long halfFrameNs;
    private final long recheckFrames;
    private final ByteBuffer staging;

    private volatile BwfFileWriter current;
    private long nextSampleIndex = Long.MIN_VALUE;
    /** The current file's last frame is the one before this. */
    private long boundaryIndex;
    /** The grid line the current file ends at, or NO_LINE. */
    private long lineNs = NO_LINE;
    /** 0: the session's folder; k: overflow root k - 1. */
    private int folderIndex;
    private Path folderDir;
    private int nextSeq = 1;
    private boolean closed;

    /**
     * Files cut on a UTC grid, going on in overflow folders when one fills.
     *
     * @param fallbackUtcNs names a file when {@code sampleUtc} has no estimate yet (UTC ns)
     */
    public RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, SegmentGrid grid,
                             SampleUtc sampleUtc, AudioFileListener listener, BwfMetadata metadata,
                             LongSupplier fallbackUtcNs, AudioFolders folders) {
        this(sessionDir, filePrefix, format, grid.framesAt(format.sampleRateHz()), grid, sampleUtc, listener,
                metadata, fallbackUtcNs, folders);
    }

    /**
     * Files of {@code rotateFrames} frames each, all in the session's folder.
     *
     * @param fallbackUtcNs names a file when {@code sampleUtc} has no estimate yet (UTC ns)
     */
    public RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, long rotateFrames,
                             SampleUtc sampleUtc, AudioFileListener listener, BwfMetadata metadata,
                             LongSupplier fallbackUtcNs) {
        this(sessionDir, filePrefix, format, rotateFrames, null, sampleUtc, listener, metadata, fallbackUtcNs,
                AudioFolders.SESSION_ONLY);
    }

    /** With default metadata, naming files by the system clock while there is no estimate. */
    public RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, long rotateFrames,
                             SampleUtc sampleUtc, AudioFileListener listener) {
        this(sessionDir, filePrefix, format, rotateFrames, sampleUtc, listener, BwfMetadata.defaults(),
                () -> Math.multiplyExact(System.currentTimeMillis(), 1_000_000L));
    }

    private RotatingBwfWriter(Path sessionDir, String filePrefix, CaptureFormat format, long rotateFrames,
                              SegmentGrid grid, SampleUtc sampleUtc, AudioFileListener listener,
                              BwfMetadata metadata, LongSupplier fallbackUtcNs, AudioFolders folders) {
        if (rotateFrames < 1) {
            throw new IllegalArgumentException("rotateFrames must be positive: " + rotateFrames);
        }
        if (!filePrefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("file prefix may hold letters, digits, '.', '_' and '-': " + filePrefix);
        }
        if (!folders.overflowRoots().isEmpty() && sessionDir.getFileName() == null) {
            throw new IllegalArgumentException("overflow folders need a named session folder: " + sessionDir);
        }
        this.sessionDir = sessionDir;
        this.filePrefix = filePrefix;
        this.format = format;
        this.rotateFrames = rotateFrames;
        this.grid = grid;
        this.sampleUtc = sampleUtc;
        this.listener = listener;
        this.metadata = metadata.tape() != null || sessionDir.getFileName() == null ? metadata
                : metadata.withTape(sessionDir.getFileName().toString());
        this.fallbackUtcNs = fallbackUtcNs;
        this.folders = folders;
        this.folderDir = sessionDir;
        this.bytesPerFrame = format.bytesPerFrame();
        this.nsPerFrame = 1e9 / format.sampleRateHz();
        this.halfFrameNs = Math.round(nsPerFrame / 2);
        this.recheckFrames = format.sampleRateHz() + rotateFrames / 100;
        this.staging = ByteBuffer.allocateDirect(STAGING_BYTES / bytesPerFrame * bytesPerFrame);
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
            int left = frames - done;
            BwfFileWriter f = current;
            if (f != null && index != nextSampleIndex) {
                closeCurrent();
                f = null;
            }
            if (f == null) {
                f = open(index, folderIndex);
            } else if (lineNs != NO_LINE && index + left + recheckFrames > boundaryIndex) {
                boundaryIndex = firstSampleAtOrAfterLine(index);
                if (boundaryIndex <= index) {
                    closeCurrent();
                    f = open(index, folderIndex);
                }
            }
            int n = (int) Math.min(Math.min(boundaryIndex - index, left), staging.capacity() / bytesPerFrame);
            staging.clear();
            staging.put(pcm, offset + done * bytesPerFrame, n * bytesPerFrame);
            staging.flip();
            f = writeOrMoveOn(f, index);
            done += n;
            nextSampleIndex = index + n;
            // A grid file ends only inside a buffer that carries its line (the next buffer's estimate decides
            // a boundary at a buffer's end); a file cut by frame count ends here.
            if (index + n == boundaryIndex && (lineNs == NO_LINE || n < left)) {
                closeCurrent();
            }
        }
    }

    /** Writes the staged frames into {@code f}, or, if its disk is full, into a new file in the next folder. */
    private BwfFileWriter writeOrMoveOn(BwfFileWriter f, long index) throws IOException {
        try {
            f.write(staging);
            return f;
        } catch (IOException e) {
            if (!isNoSpace(e) || folderIndex >= folders.overflowRoots().size()) {
                throw e;
            }
            // The file keeps what reached it (its header claims only counted frames); the rest goes on elsewhere.
            try {
                closeCurrent();
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            BwfFileWriter next;
            try {
                next = open(index, folderIndex + 1);
            } catch (IOException none) {
                none.addSuppressed(e);
                throw none;
            }
            staging.position(0);
            next.write(staging);
            return next;
        }
    }

    /**
     * The first sample at or after {@code index} whose estimate (asked now) reaches the current line less half a
     * sample period, i.e. the sample nearest the line (or the first after it, when that is {@code index}): the
     * estimate is close to linear at the nominal rate, so a prediction settles in a step or two.
     */
    private long firstSampleAtOrAfterLine(long index) {
        long cutNs = lineNs - halfFrameNs;
        OptionalLong u = sampleUtc.utcNsOfSample(index);
        if (u.isEmpty()) {
            return boundaryIndex;
        }
        if (u.getAsLong() >= cutNs) {
            return index;
        }
        long k = index + Math.max(1, (long) Math.ceil((cutNs - u.getAsLong()) / nsPerFrame));
        for (int step = 0; step < 16; step++) {
            OptionalLong at = sampleUtc.utcNsOfSample(k);
            if (at.isEmpty()) {
                break;
            }
            if (at.getAsLong() < cutNs) {
                k++;
                continue;
            }
            if (k - 1 > index) {
                OptionalLong before = sampleUtc.utcNsOfSample(k - 1);
                if (before.isPresent() && before.getAsLong() >= cutNs) {
                    k--;
                    continue;
                }
            }
            break;
        }
        return k;
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

    /** The folder new files go to: the session's, or an overflow folder's session folder. */
    public Path currentFolder() {
        return folderDir;
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

    private BwfFileWriter open(long firstSampleIndex, int firstCandidateFolder) throws IOException {
        Path dir = folderWithRoom(firstSampleIndex, firstCandidateFolder);
        OptionalLong utc = sampleUtc.utcNsOfSample(firstSampleIndex);
        TimeReference start = utc.isPresent() ? TimeReference.of(utc.getAsLong(), format.sampleRateHz()) : null;
        // A file cut at a line may start up to half a sample before it: it is named, and ends, after that line.
        long nameNs = utc.isPresent() ? utc.getAsLong() + halfFrameNs : fallbackUtcNs.getAsLong();
        String stamp = NAME_TIME.format(UtcNanos.toInstant(nameNs));
        while (true) {
            int seq = nextSeq++;
            String name = String.format("%s_%s_%04d.wav", filePrefix, stamp, seq);
            Path path = dir.resolve(name);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            // In the session's folder by name, as always; elsewhere by absolute path (readers resolve both).
            String recorded = dir == sessionDir ? name : path.toAbsolutePath().toString();
            BwfFileWriter f;
            try {
                f = BwfFileWriter.create(path, recorded, format, metadata, filePrefix, Integer.toString(seq), start,
                        listener, firstSampleIndex);
            } catch (FileAlreadyExistsException e) {
                continue; // appeared between the check and the create: CREATE_NEW kept it safe
            }
            nextSampleIndex = firstSampleIndex;
            if (grid != null && utc.isPresent()) {
                lineNs = grid.nextLineAfterNs(utc.getAsLong() + halfFrameNs);
                boundaryIndex = firstSampleIndex; // the search starts here
                boundaryIndex = firstSampleAtOrAfterLine(firstSampleIndex);
                if (boundaryIndex <= firstSampleIndex) { // an estimate that changed between the two calls
                    boundaryIndex = firstSampleIndex + rotateFrames;
                }
            } else {
                lineNs = NO_LINE;
                boundaryIndex = firstSampleIndex + rotateFrames;
            }
            listener.fileOpened(recorded, firstSampleIndex);
            current = f; // only now may a sync on another thread report on it
            return f;
        }
    }

    /**
     * The folder for a new file starting at {@code firstSampleIndex}: the first from {@code candidate} on that
     * keeps the reserve; switching to it (and saying so) if it is not the current one.
     */
    private Path folderWithRoom(long firstSampleIndex, int candidate) throws IOException {
        long reserve = folders.reserveBytes();
        if (reserve == 0 && candidate == folderIndex) {
            return folderDir;
        }
        int last = folders.overflowRoots().size();
        StringBuilder refused = new StringBuilder();
        if (candidate > folderIndex) {
            refused.append(root(folderIndex)).append(": no space left");
        }
        int k = candidate;
        for (; k <= last; k++) {
            Path root = root(k);
            long free = usableBytes(root);
            if (free >= reserve) {
                break;
            }
            refused.append(refused.length() == 0 ? "" : "; ").append(root)
                    .append(free < 0 ? ": not reachable" : ": " + (free >> 20) + " MB free");
        }
        if (k > last) {
            throw new IOException("disk is full: no audio folder keeps the reserve of " + (reserve >> 20)
                    + " MB (" + refused + ")");
        }
        if (k != folderIndex) {
            Path dir = k == 0 ? sessionDir : root(k).resolve(sessionDir.getFileName().toString());
            Files.createDirectories(dir);
            BwfFileWriter.forceDirectory(dir.toAbsolutePath().getParent());
            folderIndex = k;
            folderDir = dir;
            listener.folderChanged(dir.toAbsolutePath().toString(), firstSampleIndex,
                    "continuing in " + dir.toAbsolutePath() + " (" + refused + ")");
        }
        return folderDir;
    }

    private Path root(int k) {
        return k == 0 ? sessionDir : folders.overflowRoots().get(k - 1);
    }

    /** Free bytes, or -1 when the folder cannot be asked (an unmounted disk). */
    private long usableBytes(Path root) {
        try {
            return folders.freeSpace().usableBytes(root);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
