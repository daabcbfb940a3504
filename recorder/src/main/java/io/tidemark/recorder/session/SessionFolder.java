package io.tidemark.recorder.session;


import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * OUT/&lt;session-id&gt;/: where one session lives (docs/schema.md). Created fresh, never reused; holds
 * an exclusive lock on {@code recording.lock} while the session runs, so that a later start's repair
 * leaves a live session alone.
 */
public final class SessionFolder implements AutoCloseable {

    public static final String LOCK_FILE = "recording.lock";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String sessionId;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SessionFolder(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.sessionId = dir.getFileName().toString();
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** The id for a session starting at {@code startUtc} on {@code device}: 20261121T193000Z-sim. */
    public static String sessionId(Instant startUtc, String device) {
        String dev = device.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("(^-+|-+$)", "");
        if (dev.length() > 40) {
            dev = dev.substring(0, 40);
        }
        return ID_TIME.format(startUtc) + (dev.isEmpty() ? "" : "-" + dev);
    }

    /** Checks that {@code out} is (or can be made) a folder we can write to. */
    public static void checkWritable(Path out) {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".tidemark-probe", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            throw unwritable(out, "permission denied");
        } catch (FileAlreadyExistsException e) {
            throw unwritable(out, "a file is in the way");
        } catch (FileSystemException e) {
            throw unwritable(out, e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        } catch (IOException e) {
            throw unwritable(out, e.getMessage());
        }
    }

    private static SessionFolderException unwritable(Path out, String why) {
        return new SessionFolderException("cannot write to output folder " + out + " (" + why + ")",
                "choose a folder you can write to with --out");
    }

    /** Creates OUT/&lt;id&gt;, or OUT/&lt;id&gt;-2, -3 ... if taken, and locks it. */
    public static SessionFolder create(Path out, Instant startUtc, String device) {
        checkWritable(out);
        String base = sessionId(startUtc, device);
        for (int n = 1; n < 1000; n++) {
            Path dir = out.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw unwritable(out, e.getMessage());
            }
            try {
                FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new SessionFolder(dir, ch, ch.lock());
            } catch (IOException e) {
                throw unwritable(out, e.getMessage());
            }
        }
        throw new SessionFolderException("too many sessions named " + base + " in " + out, "use another --out folder");
    }

    /**
     * Tries to lock an existing session folder (for repair). Returns null when another process holds
     * it: that session is still recording.
     */
    public static SessionFolder tryLock(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new SessionFolder(dir, ch, l);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        }
    }

    public Path dir() {
        return dir;
    }

    public String sessionId() {
        return sessionId;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway.
        }
    }
}
