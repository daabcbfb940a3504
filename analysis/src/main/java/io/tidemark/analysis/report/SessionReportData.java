package io.tidemark.analysis.report;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.analysis.model.ClockSegment;
import io.tidemark.analysis.model.KnotCurve;
import io.tidemark.analysis.model.SampleUtcModel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What a report plots, read from a session's database and placed on UTC through its fitted model.
 * Everything on the time axis is UTC ns from the model (buffers by sample index, NTP exchanges and
 * clock events by their CLOCK_MONOTONIC_RAW reading), so a stepped system clock does not bend it.
 * Buffer residuals are reduced to the lowest and highest of each of {@link #RESIDUAL_BINS} time
 * bins, so a 120-day session plots as fast as a minute's.
 */
public record SessionReportData(String sessionId, TimeModel model, List<SegmentRate> segments,
                                List<RatePoint> rate, List<ResidualBin> residuals, List<NtpExchange> ntp,
                                List<SyncStateRun> syncStates, List<ClockEventPoint> clockEvents, List<Gap> gaps,
                                List<EventRow> events) {

    public static final int RESIDUAL_BINS = 2000;

    /** A clock segment's rate error against UTC (as {@code query --summary} gives it) and its residual RMS. */
    public record SegmentRate(int index, long firstSample, long lastSample, long startUtcNs, long endUtcNs,
                              String startReason, double ratePpm, double residualRmsNs, long buffers) {
    }

    /** The device's rate error over one knot interval of the fitted curve, placed at its middle. */
    public record RatePoint(int segment, long utcNs, double ratePpm) {
    }

    /** Arrival latency above the fitted curve (the lower envelope), lowest and highest in one time bin. */
    public record ResidualBin(long utcNs, long minNs, long maxNs, long buffers) {
    }

    /** An NTP exchange: the offset the client measured (UTC − CLOCK_REALTIME), its round-trip delay. */
    public record NtpExchange(long utcNs, String server, long offsetNs, long delayNs, boolean accepted,
                              String rejectReason) {
    }

    /** A stretch of buffers with one sync state (flags bits 8..11). */
    public record SyncStateRun(long startUtcNs, long endUtcNs, int state, long buffers) {
        public String name() {
            return BufferStamp.SyncState.textOf(state);
        }
    }

    /** A clock_events row (what the sync core did to the system clock). */
    public record ClockEventPoint(long utcNs, String kind, double frequencyPpm, long phaseNs, String state,
                                  String detail) {
    }

    /** Where the model starts a new clock segment: audio lost, device reopened, clock stepped. */
    public record Gap(long utcNs, long afterSample, String reason, long lostNs, long lostSamples) {
    }

    /** An events row (session started, gap, clock step, ...), for the page's table. */
    public record EventRow(long utcNs, SessionEvent.Kind kind, String detail) {
    }

    public static SessionReportData read(SessionReader reader, TimeModel m, LongConsumer progress) throws SQLException {
        SampleUtcModel model = m.model();
        List<SegmentRate> segments = new ArrayList<>();
        List<RatePoint> rate = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        List<ClockSegment> segs = model.clockSegments();
        for (int i = 0; i < segs.size(); i++) {
            ClockSegment s = segs.get(i);
            segments.add(new SegmentRate(i, s.firstSample(), s.endSample() - 1, model.utcNsAt(s.firstSample()),
                    model.endUtcNs(s), s.startReason(), model.ratePpm(s), s.residualRmsNs(), s.buffers()));
            KnotCurve c = s.sampleToRawNs();
            for (int k = 0; k + 1 < c.size(); k++) {
                long a = c.knotX(k);
                long b = c.knotX(k + 1);
                double nsPerSample = (double) (model.utcNsAt(b) - model.utcNsAt(a)) / (b - a);
                rate.add(new RatePoint(i, model.utcNsAt(a + (b - a) / 2), (1e9 / m.sampleRateHz() / nsPerSample - 1) * 1e6));
            }
            if (c.size() < 2) {
                rate.add(new RatePoint(i, model.utcNsAt(s.firstSample()), model.ratePpm(s)));
            }
            if (i > 0) {
                ClockSegment prev = segs.get(i - 1);
                long at = model.endUtcNs(prev);
                long lostNs = model.utcNsAt(s.firstSample()) - at;
                gaps.add(new Gap(at, prev.endSample() - 1, s.startReason(), lostNs,
                        Math.round(lostNs * 1e-9 * m.sampleRateHz())));
            }
        }
        List<ResidualBin> residuals = new ArrayList<>();
        List<SyncStateRun> states = new ArrayList<>();
        readBuffers(reader, model, residuals, states, progress);
        return new SessionReportData(reader.session().sessionId(), m, segments, rate, residuals, readNtp(reader, model),
                states, readClockEvents(reader, model), gaps, readEvents(reader, model));
    }

    private static void readBuffers(SessionReader reader, SampleUtcModel model, List<ResidualBin> residuals,
                                    List<SyncStateRun> states, LongConsumer progress) throws SQLException {
        long total = reader.bufferCount();
        long perBin = Math.max(1, (total + RESIDUAL_BINS - 1) / RESIDUAL_BINS);
        long n = 0;
        long binMin = Long.MAX_VALUE;
        long binMax = Long.MIN_VALUE;
        long binCount = 0;
        long binUtc = 0;
        int state = -1;
        long stateStart = 0;
        long stateBuffers = 0;
        long lastUtc = 0;
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT sample_index, frames, mono_raw_ns, flags FROM buffers ORDER BY seq")) {
            while (r.next()) {
                long first = r.getLong(1);
                long end = first + r.getInt(2);
                long residual = r.getLong(3) - model.clockSegmentAt(first).sampleToRawNs().valueAt(end);
                long utc = model.utcNsAt(first);
                if (binCount == 0) {
                    binUtc = utc;
                }
                binMin = Math.min(binMin, residual);
                binMax = Math.max(binMax, residual);
                if (++binCount == perBin) {
                    residuals.add(new ResidualBin(binUtc, binMin, binMax, binCount));
                    binMin = Long.MAX_VALUE;
                    binMax = Long.MIN_VALUE;
                    binCount = 0;
                }
                int st = BufferStamp.syncStateCode(r.getInt(4));
                if (st != state) {
                    if (state >= 0) {
                        states.add(new SyncStateRun(stateStart, utc, state, stateBuffers));
                    }
                    state = st;
                    stateStart = utc;
                    stateBuffers = 0;
                }
                stateBuffers++;
                lastUtc = model.utcNsAt(end);
                if (++n % 1_000_000 == 0) {
                    progress.accept(n);
                }
            }
        }
        if (binCount > 0) {
            residuals.add(new ResidualBin(binUtc, binMin, binMax, binCount));
        }
        if (state >= 0) {
            states.add(new SyncStateRun(stateStart, lastUtc, state, stateBuffers));
        }
        progress.accept(n);
    }

    private static List<NtpExchange> readNtp(SessionReader reader, SampleUtcModel model) throws SQLException {
        List<NtpExchange> out = new ArrayList<>();
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT t1_mono_raw_ns, t4_mono_raw_ns, server, offset_ns, delay_ns, accepted,"
                     + " reject_reason FROM ntp_samples ORDER BY id")) {
            while (r.next()) {
                long mid = r.getLong(1) + (r.getLong(2) - r.getLong(1)) / 2;
                out.add(new NtpExchange(model.utcNsAtRaw(mid), r.getString(3), r.getLong(4), r.getLong(5),
                        r.getInt(6) != 0, r.getString(7)));
            }
        }
        return out;
    }

    private static List<ClockEventPoint> readClockEvents(SessionReader reader, SampleUtcModel model) throws SQLException {
        List<ClockEventPoint> out = new ArrayList<>();
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT mono_raw_ns, kind, frequency_ppm, phase_ns, state, detail"
                     + " FROM clock_events ORDER BY id")) {
            while (r.next()) {
                out.add(new ClockEventPoint(model.utcNsAtRaw(r.getLong(1)), r.getString(2), r.getDouble(3), r.getLong(4),
                        r.getString(5), r.getString(6)));
            }
        }
        return out;
    }

    private static List<EventRow> readEvents(SessionReader reader, SampleUtcModel model) throws SQLException {
        List<EventRow> out = new ArrayList<>();
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT mono_raw_ns, kind, detail FROM events ORDER BY id")) {
            while (r.next()) {
                out.add(new EventRow(model.utcNsAtRaw(r.getLong(1)), SessionEvent.Kind.of(r.getString(2)),
                        r.getString(3)));
            }
        }
        return out;
    }

    public long ntpAccepted() {
        return ntp.stream().filter(NtpExchange::accepted).count();
    }
}
