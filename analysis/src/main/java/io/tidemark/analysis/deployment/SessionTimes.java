package io.tidemark.analysis.deployment;

import io.tidemark.analysis.model.ClockSegment;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.recorder.store.SessionReader;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sample → UTC for one session as an index can afford it: the fitted model where a current one is
 * stored, else the live estimate (the stamp of the buffer that holds the sample, NTP time where the
 * recorder had it, else the system clock, stepped back at the nominal rate), whose uncertainty is one
 * buffer's duration because the stamp is taken when the buffer arrives, not when it was sampled.
 * Reads the database while it is open; not kept beyond building an index.
 */
public final class SessionTimes {

    public static final String MODEL = "model";
    public static final String LIVE = "live estimate";

    private final TimeModel model;
    private final PreparedStatement bufferFrom;
    private final long firstSeq;
    private final long lastSeq;
    private final double nsPerFrame;
    private final long bufferNs;

    private SessionTimes(TimeModel model, PreparedStatement bufferFrom, long firstSeq, long lastSeq, int sampleRateHz,
                         int bufferFrames) {
        this.model = model;
        this.bufferFrom = bufferFrom;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.nsPerFrame = 1e9 / sampleRateHz;
        this.bufferNs = Math.round(bufferFrames * nsPerFrame);
    }

    /** The times of the session {@code reader} reads: its stored model when {@code model} is not null. */
    static SessionTimes of(SessionReader reader, TimeModel model, int sampleRateHz, int bufferFrames) throws SQLException {
        long first;
        long last;
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(min(seq), 0), coalesce(max(seq), -1) FROM buffers")) {
            r.next();
            first = r.getLong(1);
            last = r.getLong(2);
        }
        PreparedStatement p = model != null ? null : reader.connection().prepareStatement(
                "SELECT sample_index, frames, sys_realtime_ns, ntp_time_ns FROM buffers WHERE seq >= ? ORDER BY seq LIMIT 1");
        return new SessionTimes(model, p, first, last, sampleRateHz, bufferFrames);
    }

    public String source() {
        return model != null ? MODEL : LIVE;
    }

    /** UTC ns at which sample {@code sample} was taken. */
    public long utcNsAt(long sample) throws SQLException {
        if (model != null) {
            return model.model().utcNsAt(sample);
        }
        long[] b = bufferHolding(sample);
        return b[2] - Math.round((b[0] + b[1] - sample) * nsPerFrame);
    }

    /** UTC ns at which the samples before {@code endSample} ended: the end of sample endSample - 1. */
    public long endUtcNs(long endSample) throws SQLException {
        if (model != null) {
            ClockSegment seg = model.model().clockSegmentAt(endSample - 1);
            return model.model().utcNsAtRaw(seg.sampleToRawNs().valueAt(endSample)) - model.inputLatency().inputLatencyNs();
        }
        long[] b = bufferHolding(endSample - 1);
        return b[2] - Math.round((b[0] + b[1] - endSample) * nsPerFrame);
    }

    /** 1-sigma uncertainty at {@code sample}, ns. */
    public long uncertaintyNs(long sample) {
        return model != null ? Math.round(model.model().uncertaintyNsAt(sample)) : bufferNs;
    }

    /**
     * {sample_index, frames, stamp UTC ns} of the buffer holding {@code sample} (or the nearest): a
     * binary search by seq, because sample_index grows with seq and only seq has an index.
     */
    private long[] bufferHolding(long sample) throws SQLException {
        long lo = firstSeq;
        long hi = lastSeq;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (row(mid)[0] <= sample) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return row(lo);
    }

    private long[] row(long seq) throws SQLException {
        bufferFrom.setLong(1, seq);
        try (ResultSet r = bufferFrom.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("no buffer at or after seq " + seq);
            }
            long ntp = r.getLong(4);
            boolean noNtp = r.wasNull();
            return new long[]{r.getLong(1), r.getLong(2), noNtp ? r.getLong(3) : ntp};
        }
    }

    void close() throws SQLException {
        if (bufferFrom != null) {
            bufferFrom.close();
        }
    }
}
