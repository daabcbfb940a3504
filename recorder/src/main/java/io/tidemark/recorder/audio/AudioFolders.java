package io.tidemark.recorder.audio;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a session's audio may go: its own folder first, then each overflow root in order, the session's
 * files going to {@code <root>/<session folder's name>/}. The writer moves on to the next folder with room
 * when the one it writes to has less than {@code reserveBytes} free before a new file, or when a write
 * fails for want of space; it never goes back to an earlier one.
 *
 * @param overflowRoots extra folders (disks), in the order to use them; may be empty
 * @param reserveBytes  the free space a folder must keep to take a new file; 0 never checks
 * @param freeSpace     how free space is measured
 */
public record AudioFolders(List<Path> overflowRoots, long reserveBytes, FreeSpace freeSpace) {

    /** Only the session's folder, never checked: the writer's behaviour before overflow folders existed. */
    public static final AudioFolders SESSION_ONLY = new AudioFolders(List.of(), 0, FreeSpace.FILE_STORE);

    public AudioFolders {
        overflowRoots = List.copyOf(overflowRoots);
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("reserveBytes must not be negative: " + reserveBytes);
        }
    }
}
