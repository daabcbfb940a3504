package io.tidemark.analysis.model;

import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.ntp.NtpReplyCheck;
import io.tidemark.sync.ntp.NtpSample;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Fits a session's {@link TimeModel} from its database: the buffer stamps (lower envelope, streamed)
 * and every valid NTP exchange from a synchronised server ({@link #usable}). With no
 * such exchange, CLOCK_REALTIME (read with every buffer) stands in as the reference, with a warning.
 */
public final class TimeModelFitter {

    private TimeModelFitter() {
    }

    /**
     * @param lastSeq  the newest buffer row to fit up to (rows a running recording adds meanwhile wait for a refit);
     *                 -1 when there is none
     * @param progress called with the number of buffers read so far, now and then
     */
    public static TimeModel fit(SessionReader reader, long lastSeq, LongConsumer progress) throws SQLException {
        SessionInfo info = reader.session();
        if (lastSeq < 0) {
            throw new ModelException("the session " + info.sessionId() + " has no audio buffers yet, so there is nothing to"
                    + " place in time", "record for longer (a few seconds at least) and try again");
        }
        List<NtpPoint> ntp = new ArrayList<>();
        int offered = 0;
        try (Statement s = reader.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT server, t1_ns, t2_ns, t3_ns, t4_ns, t1_mono_raw_ns, t4_mono_raw_ns,"
                     + " stratum, ref_id, leap, offset_ns, delay_ns, accepted, reject_reason FROM ntp_samples ORDER BY id")) {
            while (r.next()) {
                offered++;
                NtpSample x = new NtpSample(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                        r.getLong(6), r.getLong(7), r.getInt(8), r.getString(9), r.getInt(10), r.getLong(11),
                        r.getLong(12), r.getInt(13) != 0, r.getString(14));
                if (usable(x)) {
                    ntp.add(NtpPoint.from(x));
                }
            }
        }
        // The system clock stands in only without NTP; only then are its points kept (10^7 over 120 days).
        boolean useSystemClock = ntp.isEmpty();
        SampleClockFitter fitter = SampleClockFitter.forBuffers(info.sampleRateHz(), info.bufferFrames(), new LowerEnvelopeFit());
        List<NtpPoint> systemClock = new ArrayList<>();
        long count = 0;
        long nextSystemPoint = Long.MIN_VALUE;
        int steps = 0;
        long[] bySyncState = new long[BufferStamp.SYNC_STATE_CODES];
        try (BufferStampReader rows = BufferStampReader.start(reader, lastSeq, useSystemClock)) {
            for (BufferStampReader.Batch b; (b = rows.next()) != null; rows.recycle(b)) {
                for (int i = 0; i < b.count; i++) {
                    long raw = b.monoRawNs[i];
                    int flags = b.flags[i];
                    fitter.add(b.sampleIndex[i], b.frames[i], raw, flags);
                    bySyncState[BufferStamp.syncStateCode(flags)]++;
                    if (useSystemClock) {
                        if ((flags & BufferStamp.CLOCK_STEPPED) != 0) {
                            steps++;
                            nextSystemPoint = Long.MIN_VALUE;
                        }
                        if (raw >= nextSystemPoint) {
                            // CLOCK_REALTIME − raw, read together: the system's own idea of UTC, one point a second.
                            systemClock.add(new NtpPoint("system clock" + (steps > 0 ? " after step " + steps : ""),
                                    raw, b.sysRealtimeNs[i] - raw, 0));
                            nextSystemPoint = raw + 1_000_000_000L;
                        }
                    }
                    if (++count % 1_000_000 == 0) {
                        progress.accept(count);
                    }
                }
            }
        }
        progress.accept(count);
        List<ClockSegment> clock = fitter.finish();
        List<String> warnings = new ArrayList<>();
        String source = "ntp";
        List<UtcSegment> utc;
        if (useSystemClock) {
            source = "system clock";
            warnings.add(offered == 0 ? "no NTP samples in the session: UTC comes from the system clock, whose error is unknown"
                    : "all " + offered + " NTP samples were rejected: UTC comes from the system clock, whose error is unknown");
            utc = NtpOffsetFit.withDefaults().fit(systemClock);
        } else {
            utc = NtpOffsetFit.withDefaults().fit(ntp, audioClock(clock));
        }
        if (clock.size() > 1) {
            warnings.add((clock.size() - 1) + " discontinuit" + (clock.size() == 2 ? "y" : "ies")
                    + " split the recording into " + clock.size() + " segments");
        }
        return new TimeModel(TimeModelStore.MODEL_VERSION, count, lastSeq, info.sampleRateHz(), info.channels(), source,
                warnings, new SampleUtcModel(info.sampleRateHz(), clock, utc), reader.files(), syncStates(bySyncState));
    }

    /** The fitted sample clocks, seen from the raw clock: what may carry UTC across an NTP outage. */
    static NtpOffsetFit.AudioClock audioClock(List<ClockSegment> clock) {
        return new NtpOffsetFit.AudioClock() {
            @Override
            public int stretchAt(long rawNs) {
                for (int i = 0; i < clock.size(); i++) {
                    KnotCurve c = clock.get(i).sampleToRawNs();
                    ClockSegment s = clock.get(i);
                    if (rawNs >= c.valueAt(s.firstSample()) && rawNs <= c.valueAt(s.endSample() - 1)) {
                        return i;
                    }
                }
                return -1;
            }

            @Override
            public double samplePositionAt(long rawNs) {
                int i = stretchAt(rawNs);
                return i < 0 ? Double.NaN : clock.get(i).sampleToRawNs().inverse(rawNs);
            }
        };
    }

    /**
     * Every exchange that passed the packet tests (not only the one per burst the live client kept: the fit
     * has its own delay filter and weighting, and 8 times the exchanges), from a synchronised server (no
     * leap alarm, stratum 1..15), with both server timestamps and raw-clock readings in order: without
     * them the exchange cannot be placed on CLOCK_MONOTONIC_RAW.
     */
    static boolean usable(NtpSample x) {
        return NtpReplyCheck.passedPacketTests(x) && x.leap() != 3 && x.stratum() >= 1 && x.stratum() <= 15
                && x.t2Ns() != 0 && x.t3Ns() >= x.t2Ns()
                && x.t1MonoRawNs() > 0 && x.t4MonoRawNs() >= x.t1MonoRawNs()
                && x.t4MonoRawNs() - x.t1MonoRawNs() >= x.t3Ns() - x.t2Ns();
    }

    private static Map<String, Long> syncStates(long[] byCode) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int code = 0; code < byCode.length; code++) {
            if (byCode[code] > 0) {
                m.put(BufferStamp.SyncState.textOf(code), byCode[code]);
            }
        }
        return m;
    }
}
