package io.tidemark.app.station.api;

import java.util.List;

/**
 * The body of {@code POST /api/jobs/export}: what {@code tidemark export DEPLOYMENT} takes, over the station's own
 * deployment folder. The times stay text here: the export reads them as the CLI does, so a bad one is the CLI's line.
 *
 * @param channels channels to keep, from 1; null or empty for all
 * @param fillGaps across sessions, fill the gaps between them with silence (else a gap fails the job and is named)
 */
public record ExportRequest(String fromUtc, String toUtc, List<Integer> channels, boolean resample, boolean fillGaps) {

    public ExportRequest {
        channels = channels == null || channels.isEmpty() ? null : List.copyOf(channels);
    }
}
