package io.tidemark.analysis.export;

import io.tidemark.analysis.model.TimeModel;

import java.nio.file.Path;

/**
 * A run of an export's output frames: taken from one session's audio through its model, or silence
 * (sessionDir and model null) where nothing was recorded and the user asked for the gap to be filled.
 */
public record ExportPiece(Path sessionDir, TimeModel model, long frames) {

    public static ExportPiece silence(long frames) {
        return new ExportPiece(null, null, frames);
    }

    public boolean silence() {
        return model == null;
    }
}
