package io.tidemark.analysis.model;

import io.tidemark.recorder.store.FileRow;

import java.util.List;
import java.util.Map;

/**
 * A session's fitted sample→UTC model with what is needed to answer questions about it: the files
 * (to name the file and sample within it), where the UTC reference came from, and warnings a user
 * must see (for example: no usable NTP sample, so UTC is the system clock's).
 *
 * @param modelVersion  {@link TimeModelStore#MODEL_VERSION} it was fitted with
 * @param buffers       buffer rows fitted
 * @param lastSeq       the newest buffer row fitted (rows are only appended: a newer one in the DB means the model is stale)
 * @param utcSource     "ntp" or "system clock"
 * @param warnings      one-line warnings for people
 * @param syncStateBuffers buffers fitted per sync state stamped on them (flags bits 8..11), by name
 *                         ({@code BufferStamp.SyncState.textOf}), in code order:
 *                         counted during the fit so that a summary need not scan 10^8 rows
 */
public record TimeModel(int modelVersion, long buffers, long lastSeq, int sampleRateHz, int channels, String utcSource,
                        List<String> warnings, SampleUtcModel model, List<FileRow> files,
                        Map<String, Long> syncStateBuffers) {

    /**
     * The audio path's input latency behind the absolute times: measured from the session's reference marks,
     * from a calibration, or {@link InputLatency#NONE} (as stored models are: the correction is applied when a
     * command loads the model), and every output says which.
     */
    public InputLatency inputLatency() {
        return model.inputLatency();
    }

    /** This model with its absolute times corrected ({@link SampleUtcModel#withCorrection}). */
    public TimeModel withCorrection(AbsoluteCorrection c) {
        return new TimeModel(modelVersion, buffers, lastSeq, sampleRateHz, channels, utcSource, warnings,
                model.withCorrection(c), files, syncStateBuffers);
    }

    /** The file holding sample {@code sample}, or null. */
    public FileRow fileAt(long sample) {
        for (FileRow f : files) {
            if (sample >= f.firstSampleIndex() && sample < f.firstSampleIndex() + f.frames()) {
                return f;
            }
        }
        return null;
    }
}
