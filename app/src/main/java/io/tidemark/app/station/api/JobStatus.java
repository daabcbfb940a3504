package io.tidemark.app.station.api;

/**
 * One job as {@code GET /api/jobs/{id}} shows it.
 *
 * @param state      {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param progress   0..1; 1 once the export has written its last frame
 * @param file       the station-side file the job writes (removed again when it fails or is cancelled)
 * @param frames     frames written, once done; else null
 * @param bytes      the file's size, once done; else null
 * @param firstUtc   the UTC of the first frame written (ISO-8601), once done; else null
 * @param error      why it failed, one line with the remedy; else null
 */
public record JobStatus(String id, String kind, String state, double progress, String fromUtc, String toUtc, String file,
                        Long frames, Long bytes, String firstUtc, String error) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
}
