package io.tidemark.analysis.model;

import java.util.List;

/**
 * Sample index → UTC: the device's sample clock against CLOCK_MONOTONIC_RAW ({@link ClockSegment}s),
 * composed with CLOCK_MONOTONIC_RAW against UTC ({@link UtcSegment}s). CLOCK_REALTIME plays no part,
 * so a system clock that is off, drifting, slewed or stepped does not reach the answer.
 *
 * <p>Uncertainty (1 sigma, ns) is the two stages' uncertainties added in quadrature: the sample-clock
 * knots' scatter and the NTP local lines' standard errors, both growing linearly with the distance
 * from the data when extrapolating.
 */
public final class SampleUtcModel {

    private final long sampleRateHz;
    private final List<ClockSegment> clock;
    private final List<UtcSegment> utc;
    private final AbsoluteCorrection correction;

    public SampleUtcModel(long sampleRateHz, List<ClockSegment> clock, List<UtcSegment> utc) {
        this(sampleRateHz, clock, utc, AbsoluteCorrection.NONE);
    }

    private SampleUtcModel(long sampleRateHz, List<ClockSegment> clock, List<UtcSegment> utc, AbsoluteCorrection correction) {
        if (clock.isEmpty()) {
            throw new IllegalArgumentException("no sample-clock segments");
        }
        if (utc.isEmpty()) {
            throw new IllegalArgumentException("no UTC reference segments");
        }
        this.sampleRateHz = sampleRateHz;
        this.clock = List.copyOf(clock);
        this.utc = List.copyOf(utc);
        this.correction = correction;
    }

    /**
     * The same stamp model with its absolute times corrected: by a reference's marks where they reach, and by
     * the input latency elsewhere ({@link AbsoluteCorrection}).
     */
    public SampleUtcModel withCorrection(AbsoluteCorrection c) {
        return new SampleUtcModel(sampleRateHz, clock, utc, c);
    }

    public AbsoluteCorrection correction() {
        return correction;
    }

    /** The input latency behind {@link #utcNsAt}: taken out, or {@link InputLatency#NONE}. */
    public InputLatency inputLatency() {
        return correction.latency();
    }

    /**
     * Whether a position's UTC comes from the marks: they reach it, and the two marks around it were recorded in its
     * stretch of audio (lost frames between them would bend the line between them out of true).
     */
    private boolean fromMarks(double positionSamples) {
        if (!correction.marksCover(positionSamples)) {
            return false;
        }
        if (!correction.marksOrNull().continuousAround(positionSamples)) {
            return false;
        }
        double[] pair = correction.marksOrNull().pairAround(positionSamples);
        int segment = clockSegmentIndex((long) Math.floor(positionSamples));
        return clockSegmentIndex((long) Math.floor(pair[0])) == segment
                && clockSegmentIndex((long) Math.floor(pair[1])) == segment;
    }

    /** The stamp model's own UTC (no correction) of a fractional sample index, linear between samples. */
    public long stampUtcNsAtPosition(double positionSamples) {
        long k = (long) Math.floor(positionSamples);
        long a = utcNsAtRaw(rawNsAt(k));
        long b = utcNsAtRaw(rawNsAt(k + 1));
        return a + Math.round((positionSamples - k) * (b - a));
    }

    public long sampleRateHz() {
        return sampleRateHz;
    }

    public List<ClockSegment> clockSegments() {
        return clock;
    }

    public List<UtcSegment> utcSegments() {
        return utc;
    }

    /** The segment holding {@code sample}, or the nearest one before it (or the first). */
    public int clockSegmentIndex(long sample) {
        int lo = 0;
        int hi = clock.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (clock.get(mid).firstSample() <= sample) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    public ClockSegment clockSegmentAt(long sample) {
        return clock.get(clockSegmentIndex(sample));
    }

    /** The UTC segment for a raw time: the one spanning it, else the nearest. */
    public UtcSegment utcSegmentAt(long rawNs) {
        UtcSegment best = utc.get(0);
        long bestDist = Long.MAX_VALUE;
        for (UtcSegment s : utc) {
            if (rawNs >= s.firstRawNs() && rawNs <= s.lastRawNs()) {
                return s;
            }
            long d = rawNs < s.firstRawNs() ? s.firstRawNs() - rawNs : rawNs - s.lastRawNs();
            if (d < bestDist) {
                bestDist = d;
                best = s;
            }
        }
        return best;
    }

    public long rawNsAt(long sample) {
        return clockSegmentAt(sample).sampleToRawNs().valueAt(sample);
    }

    public long utcNsAtRaw(long rawNs) {
        return rawNs + utcSegmentAt(rawNs).rawToOffsetNs().valueAt(rawNs);
    }

    /** UTC ns of the instant sample {@code sample} was taken. */
    public long utcNsAt(long sample) {
        if (fromMarks(sample)) {
            return correction.marksOrNull().utcNsAt(sample);
        }
        return utcNsAtRaw(rawNsAt(sample)) - correction.latency().inputLatencyNs();
    }

    /** 1-sigma uncertainty of {@link #utcNsAt}, ns. */
    public double uncertaintyNsAt(long sample) {
        if (fromMarks(sample)) {
            return correction.markSigmaNs();
        }
        long raw = rawNsAt(sample);
        double a = clockSegmentAt(sample).sampleToRawNs().sigmaAt(sample);
        double b = utcSegmentAt(raw).rawToOffsetNs().sigmaAt(raw);
        return Math.hypot(Math.hypot(a, b), correction.latency().uncertaintyNs());
    }

    /**
     * The (fractional) sample index taken at {@code utcNs}, or NaN when that instant falls in a gap
     * between segments or outside the recording (beyond {@code toleranceSamples}).
     */
    public double samplePositionAt(long utcNs, double toleranceSamples) {
        var marks = correction.marksOrNull();
        if (marks != null) {
            double p = marks.positionAt(utcNs);
            if (fromMarks(p)) {
                return p;
            }
        }
        return stampPositionAt(utcNs + correction.latency().inputLatencyNs(), toleranceSamples);
    }

    private double stampPositionAt(long utcNs, double toleranceSamples) {
        // UTC → raw: raw = utc − offset(raw); the offset's slope is ppm-small, so this converges at once.
        long raw = utcNs - utc.get(0).rawToOffsetNs().knotY(0);
        for (int i = 0; i < 5; i++) {
            raw = utcNs - utcSegmentAt(raw).rawToOffsetNs().valueAt(raw);
        }
        for (ClockSegment s : clock) {
            KnotCurve c = s.sampleToRawNs();
            double pos = c.inverse(raw);
            if (pos >= s.firstSample() - toleranceSamples && pos < s.endSample() + toleranceSamples) {
                return pos;
            }
        }
        return Double.NaN;
    }

    /**
     * The device's rate error against UTC over a segment, ppm: positive when it takes more samples
     * per UTC second than nominal.
     */
    public double ratePpm(ClockSegment s) {
        long a = s.firstSample();
        long b = Math.max(a + 1, s.endSample());
        double nsPerSample = (double) (utcNsAtRaw(s.sampleToRawNs().valueAt(b)) - utcNsAt(a)) / (b - a);
        return (1e9 / sampleRateHz / nsPerSample - 1) * 1e6;
    }

    /**
     * UTC ns where segment {@code s} ends (the instant its last sample ends), on its own curve:
     * {@code utcNsAt(s.endSample())} would read the next segment, which starts after the gap.
     */
    public long endUtcNs(ClockSegment s) {
        return utcNsAtRaw(s.sampleToRawNs().valueAt(s.endSample())) - correction.latency().inputLatencyNs();
    }
}
