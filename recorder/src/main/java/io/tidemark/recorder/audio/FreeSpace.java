package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes a folder's file system still lets us write. Injected so that a test can "fill" a
 * folder without filling a real disk.
 */
@FunctionalInterface
public interface FreeSpace {

    /** Usable bytes on the file system holding {@code folder} (which exists). */
    long usableBytes(Path folder) throws IOException;

    /** The file system's own count ({@link java.nio.file.FileStore#getUsableSpace()}). */
    FreeSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();
}
