package io.tidemark.analysis.deployment;

import io.tidemark.analysis.export.ExportPiece;
import io.tidemark.analysis.export.Exporter;
import io.tidemark.analysis.model.ClockSegment;
import io.tidemark.analysis.model.SampleUtcModel;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.common.UtcNanos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How output frames k = 0..frames-1 at firstUtcNs + k/fs (the nominal-rate UTC grid of a resampled
 * export or alignment) are taken from a deployment: runs of frames from the session that recorded
 * them (judged by its fitted model), and between sessions the gaps, which are refused by default
 * (naming the gap) or filled with silence and listed.
 *
 * @param pieces the runs, in order, adding up to the frames asked for
 * @param filled the gaps filled with silence (empty unless asked to fill)
 */
public record ExportPlan(List<ExportPiece> pieces, List<Filled> filled) {

    /** A span of output filled with silence because no session recorded it. */
    public record Filled(long startUtcNs, long endUtcNs, long frames, Gap gap) {

        /** One line for iXML NOTE and the printed summary. */
        public String describe() {
            return String.format(Locale.ROOT, "Filled with silence: %s to %s (%d frames; gap %s, %s).",
                    UtcNanos.toInstant(startUtcNs), UtcNanos.toInstant(endUtcNs), frames,
                    gap == null ? "?" : gap.cause().text, gap == null ? "" : gap.afterSession() + " to " + gap.beforeSession());
        }
    }

    /**
     * @param models     each session's fitted model (loaded or fitted by the caller)
     * @param fillGaps   fill gaps with silence instead of refusing
     */
    public static ExportPlan of(Deployment d, Function<SessionSpan, TimeModel> models, long firstUtcNs, long frames,
                                int fs, boolean fillGaps) {
        long endUtcNs = firstUtcNs + gridNs(frames, fs);
        List<ExportPiece> pieces = new ArrayList<>();
        List<Filled> filled = new ArrayList<>();
        long k = 0;
        for (SessionSpan s : d.sessions()) {
            // The index's span may come from the live estimate (ms off): widen it for the candidates, then judge by the model.
            if (s.endUtcNs() + 1_000_000_000L <= firstUtcNs || s.firstUtcNs() - 1_000_000_000L >= endUtcNs) {
                continue;
            }
            TimeModel m = models.apply(s);
            SampleUtcModel model = m.model();
            List<ClockSegment> segs = model.clockSegments();
            long sFirst = model.utcNsAt(segs.get(0).firstSample());
            long sEnd = model.endUtcNs(segs.get(segs.size() - 1));
            long kStart = Math.max(k, Math.min(frames, gridAtOrAfter(sFirst - firstUtcNs, fs)));
            long kEnd = Math.max(kStart, Math.min(frames, gridAtOrAfter(sEnd - firstUtcNs, fs)));
            if (kEnd == kStart) {
                continue;
            }
            if (kStart > k) {
                silence(d, pieces, filled, firstUtcNs, k, kStart, fs, fillGaps);
            }
            pieces.add(new ExportPiece(s.dir(), m, kEnd - kStart));
            k = kEnd;
        }
        if (pieces.isEmpty()) {
            throw new DeploymentException("nothing in " + d.dir() + " was recorded between " + UtcNanos.toInstant(firstUtcNs)
                    + " and " + UtcNanos.toInstant(endUtcNs), "see 'tidemark index " + d.dir() + "' for the recorded spans");
        }
        if (k < frames) {
            silence(d, pieces, filled, firstUtcNs, k, frames, fs, fillGaps);
        }
        return new ExportPlan(List.copyOf(pieces), List.copyOf(filled));
    }

    private static void silence(Deployment d, List<ExportPiece> pieces, List<Filled> filled, long firstUtcNs, long k0,
                                long k1, int fs, boolean fillGaps) {
        long from = firstUtcNs + gridNs(k0, fs);
        long to = firstUtcNs + gridNs(k1, fs);
        Gap gap = d.gapsWithin(from, to).stream().findFirst().orElse(null);
        if (gap == null) {
            throw new DeploymentException("the interval reaches beyond the recording (" + UtcNanos.toInstant(from) + " to "
                    + UtcNanos.toInstant(to) + " was not recorded, before the first or after the last session)",
                    "see 'tidemark index " + d.dir() + "' for the recorded spans");
        }
        if (!fillGaps) {
            throw new DeploymentException(String.format(Locale.ROOT,
                    "the interval spans the gap %s to %s (%.3f s, %s) between %s and %s",
                    UtcNanos.toInstant(gap.startUtcNs()), UtcNanos.toInstant(gap.endUtcNs()), gap.lengthNs() / 1e9,
                    gap.cause().text, gap.afterSession(), gap.beforeSession()),
                    "give --fill-gaps silence to fill it, or cut the parts before and after it separately");
        }
        pieces.add(ExportPiece.silence(k1 - k0));
        filled.add(new Filled(from, to, k1 - k0, gap));
    }

    /** The smallest k with k/fs s at or after {@code offsetNs} (without overflow for months). */
    public static long gridAtOrAfter(long offsetNs, int fs) {
        return Exporter.ceilDiv(offsetNs, fs);
    }

    /** k/fs s in ns, rounded to the nearest ns. */
    public static long gridNs(long k, int fs) {
        return Exporter.gridNs(k, fs);
    }
}
