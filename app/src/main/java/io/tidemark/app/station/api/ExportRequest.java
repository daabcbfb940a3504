package io.tidemark.app.station.api;

import java.util.List;

/**
 * The body of {@code POST /api/jobs/export}: what {@code tidemark export DEPLOYMENT} takes, over the station's own
 * deployment folder. The times stay text here: the export reads them as the CLI does, so a bad one is the CLI's line.
 *
 * @param channels channels to keep, from 1; null or empty for all
 * @param fillGaps across sessions, fill the gaps between them with silence (else a gap fails the job and is named)
 * @param name     the file's name, or null for export-FROM-TO.wav: the name is written into the file's headers
 *                 (FILE_UID, the bext reference), so a client that saves the file as NAME gets the bytes that
 *                 {@code tidemark export --out NAME} writes
 */
public record ExportRequest(String fromUtc, String toUtc, List<Integer> channels, boolean resample, boolean fillGaps,
                            String name) {

    public ExportRequest {
        channels = channels == null || channels.isEmpty() ? null : List.copyOf(channels);
    }
}
