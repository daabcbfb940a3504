package io.tidemark.analysis.model;

import io.tidemark.analysis.marks.MarkRateFit;
import io.tidemark.analysis.marks.ReferenceMark;
import io.tidemark.analysis.marks.SessionMarks;
import io.tidemark.recorder.store.SessionReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import java.util.List;

/**
 * What turns the stamp model's UTC into absolute UTC: the audio path's input latency, which no stamp sees,
 * and, where a reference was recorded, the marks themselves. Within the span of the marks a sample's UTC
 * comes from them (the device's rate between consecutive marks); elsewhere the stamp model bridges, less
 * the input latency (its mean offset against the marks, or a calibration's).
 *
 * @param latency      the input latency and where it came from
 * @param marksOrNull  the marks' fit, or null (calibration or nothing)
 * @param markSigmaNs  1-sigma of a UTC read from the marks (0 without marks)
 */
public record AbsoluteCorrection(InputLatency latency, MarkRateFit marksOrNull, double markSigmaNs) {

    /** Nothing measured: the stamp model as it is. */
    public static final AbsoluteCorrection NONE = new AbsoluteCorrection(InputLatency.NONE, null, 0);

    /** Errors of the stamp model against the marks are taken as independent only this far apart. */
    static final long INDEPENDENT_NS = 600_000_000_000L;

    /**
     * What a session's absolute times are corrected by: its own reference marks (stored by 'tidemark marks'), else
     * the calibration given, else the one it carries ({@link Calibration#SESSION_FILE_NAME}), else nothing.
     *
     * @throws ModelException for a calibration that cannot be read or is for another device or format
     */
    public static AbsoluteCorrection forSession(SessionReader reader, Path sessionDir, SampleUtcModel stampModel,
                                                Path calibrationOrNull) throws SQLException {
        List<ReferenceMark> marks = reader.marks().stream().map(SessionMarks::mark).toList();
        if (marks.stream().filter(ReferenceMark::usable).count() >= 2) {
            return fromMarks(marks, stampModel);
        }
        Path calibration = calibrationOrNull != null ? calibrationOrNull : sessionDir.resolve(Calibration.SESSION_FILE_NAME);
        if (calibrationOrNull != null || Files.isRegularFile(calibration)) {
            return Calibration.read(calibration).correctionFor(reader.session(), calibration);
        }
        return NONE;
    }

    /** A calibration's latency: taken out of every time, its uncertainty added in. */
    public static AbsoluteCorrection calibration(long inputLatencyNs, long uncertaintyNs) {
        return new AbsoluteCorrection(new InputLatency(inputLatencyNs, InputLatency.Source.CALIBRATION, uncertaintyNs, true),
                null, 0);
    }

    /**
     * From a session's own marks: the marks' fit, and the input latency as the stamp model's mean offset
     * against them. Its uncertainty is the offset's spread over the square root of the number of 10-minute
     * stretches the marks span (the stamp model's error wanders over minutes, so marks a second apart are
     * not independent measurements of it), and at least the spread over the square root of the marks. Marks where the
     * stamp model is far off (it missed lost audio) are left out of the mean ({@link MarkRateFit#robustOffsetOf}).
     *
     * @throws io.tidemark.analysis.marks.MarkException with fewer than two usable marks
     */
    public static AbsoluteCorrection fromMarks(List<ReferenceMark> marks, SampleUtcModel stampModel) {
        MarkRateFit fit = MarkRateFit.of(marks);
        MarkRateFit.Offset offset = fit.robustOffsetOf(stampModel::stampUtcNsAtPosition);
        double stretches = Math.max(1, (double) (fit.lastUtcNs() - fit.firstUtcNs()) / INDEPENDENT_NS);
        double uncertaintyNs = Math.max(offset.uncertaintyNs(), offset.stdDevNs() / Math.sqrt(stretches));
        // A leave-one-out residual against ten neighbours holds the mark's own error and a tenth of theirs
        double rms = residualRmsNs(marks);
        double markSigmaNs = Double.isNaN(rms) ? 0 : rms / Math.sqrt(1.1);
        InputLatency latency = new InputLatency(Math.round(offset.meanNs()), InputLatency.Source.REFERENCE,
                Math.round(uncertaintyNs), true);
        return new AbsoluteCorrection(latency, fit, markSigmaNs);
    }

    /** RMS of the usable marks' residuals, ns; NaN when none has one. */
    public static double residualRmsNs(List<ReferenceMark> marks) {
        double sumSquares = 0;
        int count = 0;
        for (ReferenceMark m : marks) {
            if (m.usable() && !Double.isNaN(m.residualNs())) {
                sumSquares += m.residualNs() * m.residualNs();
                count++;
            }
        }
        return count == 0 ? Double.NaN : Math.sqrt(sumSquares / count);
    }

    /**
     * Whether the marks cover a fractional sample index: between the first and last mark, or within one mark
     * spacing and a half beyond them (the end pair's rate extends the line there, far better than the stamp model does:
     * a sample before the first edge would otherwise fall back to microseconds).
     */
    boolean marksCover(double positionSamples) {
        if (marksOrNull == null) {
            return false;
        }
        double reach = (marksOrNull.lastPositionSamples() - marksOrNull.firstPositionSamples())
                / Math.max(1, marksOrNull.markCount() - 1) * 1.5;
        return positionSamples >= marksOrNull.firstPositionSamples() - reach
                && positionSamples <= marksOrNull.lastPositionSamples() + reach;
    }
}
