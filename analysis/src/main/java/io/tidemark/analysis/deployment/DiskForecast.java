package io.tidemark.analysis.deployment;

import io.tidemark.recorder.audio.FreeSpace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How long the deployment's disk lasts at its recent rate: the free bytes on the file system holding the deployment
 * folder now, over the bytes of audio files per recorded day in the last (up to) {@value #DAYS} days that recorded.
 * Overflow disks are the station's configuration, which a deployment folder does not hold; the station's own
 * {@code /api/status} counts them.
 *
 * @param freeBytes   usable bytes where the deployment folder is
 * @param bytesPerDay file bytes per day of recording, over {@code daysAveraged} days (their files' bytes over their
 *                    recorded time)
 * @param daysLeft    freeBytes / bytesPerDay, or null when no day recorded audio
 */
public record DiskForecast(Path folder, long freeBytes, long bytesPerDay, int daysAveraged, Double daysLeft) {

    static final int DAYS = 7;

    public static DiskForecast of(Path folder, List<DailySummary> days, FreeSpace freeSpace) throws IOException {
        long free = freeSpace.usableBytes(folder);
        // bytes per recorded second, so that a day recorded in part (the first, the last, a day with a gap) counts
        // for what it recorded
        long bytes = 0;
        long recordedNs = 0;
        int n = 0;
        for (int i = days.size() - 1; i >= 0 && n < DAYS; i--) {
            DailySummary d = days.get(i);
            if (d.fileBytesOnDisk() > 0 && d.recordedNs() > 0) {
                bytes += d.fileBytesOnDisk();
                recordedNs += d.recordedNs();
                n++;
            }
        }
        long perDay = n == 0 ? 0 : Math.round(bytes * (86_400e9 / recordedNs));
        return new DiskForecast(folder, free, perDay, n, perDay == 0 ? null : (double) free / perDay);
    }
}
