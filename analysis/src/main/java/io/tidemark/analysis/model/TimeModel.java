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
     * The audio path's input latency behind the absolute times. Nothing measures it yet: a reference
     * channel's marks and calibration files are not part of a session's model, so it is always
     * {@link InputLatency#NONE}, and every output says so.
     */
    public InputLatency inputLatency() {
        return InputLatency.NONE;
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
