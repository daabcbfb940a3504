package io.tidemark.recorder.health;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How long the disks still last: the recording goes to the first configured folder with room,
 * then continues on the next, so the time left is the room in every folder (less each one's
 * reserve) at the current rate of bytes a second.
 */
public final class DiskForecast {

    /** The folder to record to now (null when every folder is full) and the time left in all of them. */
    public record Forecast(Path current, long currentFreeBytes, long secondsLeft) {
    }

    private final List<Path> folders;
    private final long reserveBytes;
    private final ToLongFunction<Path> freeBytes;

    /**
     * @param folders      the deployment folder, then the overflow folders, in order
     * @param reserveBytes room left unused on each disk (the recorder stops a file before it)
     * @param freeBytes    usable bytes on a folder's file system (injected: tests give their own)
     */
    public DiskForecast(List<Path> folders, long reserveBytes, ToLongFunction<Path> freeBytes) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("no folder to record to");
        }
        this.folders = List.copyOf(folders);
        this.reserveBytes = reserveBytes;
        this.freeBytes = freeBytes;
    }

    public Forecast at(double bytesPerSecond) {
        Path current = null;
        long currentFree = 0;
        long usable = 0;
        for (Path f : folders) {
            long room = Math.max(0, freeBytes.applyAsLong(f) - reserveBytes);
            if (current == null && room > 0) {
                current = f;
                currentFree = room;
            }
            usable += room;
        }
        long seconds = bytesPerSecond <= 0 ? Long.MAX_VALUE : (long) (usable / bytesPerSecond);
        return new Forecast(current, currentFree, seconds);
    }
}
