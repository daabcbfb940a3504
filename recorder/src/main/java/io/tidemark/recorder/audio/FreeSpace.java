package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How many bytes a folder's file system still lets us write. Injected so that a test can "fill" a
 * folder without filling a real disk.
 */
@FunctionalInterface
public interface FreeSpace {

    /** Usable bytes on the file system holding {@code folder} (which exists). */
    long usableBytes(Path folder) throws IOException;

    /**
     * The file system's own count, by statvfs on the folder itself: {@code Files.getFileStore} reads the whole mount
     * table first, which was most of the cost of a 10 Hz {@code /api/status} poll.
     */
    FreeSpace FILE_STORE = folder -> {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such folder");
        }
        return folder.toFile().getUsableSpace();
    };
}
