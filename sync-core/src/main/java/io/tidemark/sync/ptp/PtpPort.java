package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.ClockReading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A listening PTP slave port, both versions: chooses the grandmaster (PTPv2 from Announce messages,
 * PTPv1 from the grandmaster fields of Sync), pairs each Sync with its Follow_Up, sends a Delay_Req
 * after a Sync at most once per {@code delayReqIntervalNs} and turns the Delay_Resp into the mean
 * path delay. It never steers anything: it reports {@link PtpMeasurement}s to its listener.
 * Thread-safe: the event and general sockets may deliver from two threads.
 */
public final class PtpPort {

    public record Config(PtpProfile profile, int domain, long delayReqIntervalNs, long masterTimeoutNs) {
        public static Config of(PtpProfile profile) {
            return new Config(profile, 0, 1_000_000_000L, 4_000_000_000L);
        }
    }

    private record Foreign(PortIdentity port, PtpVersion version, GrandmasterInfo gm, String subdomain,
                           long lastSeenRawNs) {
    }

    private record PendingSync(PortIdentity source, int sequenceId, ClockReading rx, PtpTimestamp origin,
                               long correctionScaledNs, TimestampSource tsSource) {
    }

    private record CompletedSync(long t1Ns, long t2RealtimeNs) {
    }

    /** A Follow_Up handled before its Sync: the two arrive on different sockets, read by different threads. */
    private record EarlyFollowUp(PortIdentity source, int sequenceId, PtpTimestamp preciseOrigin,
                                 long correctionScaledNs) {
    }

    private final Config config;
    private final PtpTransport transport;
    private final PtpPortListener listener;
    private final ClockIdentity uuidV1;
    private final PortIdentity portV1;
    private final PortIdentity portV2;

    private final Map<PortIdentity, Foreign> foreign = new HashMap<>();
    private Foreign master;
    private final ArrayDeque<PendingSync> pending = new ArrayDeque<>();
    private final ArrayDeque<EarlyFollowUp> earlyFollowUps = new ArrayDeque<>();
    private CompletedSync lastSync;
    private long lastDelayReqRawNs = Long.MIN_VALUE;
    private int delayReqSequence;
    private int outstandingSeq = -1;
    private long outstandingT3Ns;
    private TimestampSource outstandingT3Source;
    private TimestampSource delayT3Source;
    private CompletedSync outstandingSync;
    private final ArrayDeque<Long> delays = new ArrayDeque<>();
    private long pathDelayNs = -1;
    private long delayReqsSent;
    private long delayRespsUsed;

    /**
     * @param mac our interface's 6-byte MAC: the v1 UUID, and the v2 clockIdentity after EUI-64 expansion
     */
    public PtpPort(Config config, byte[] mac, PtpTransport transport, PtpPortListener listener) {
        this.config = config;
        this.transport = transport;
        this.listener = listener;
        this.uuidV1 = new ClockIdentity(mac);
        this.portV1 = new PortIdentity(uuidV1, 1);
        this.portV2 = new PortIdentity(ClockIdentity.v2FromMac(mac), 1);
    }

    public synchronized void receive(ReceivedPacket packet) {
        var decoded = PtpMessage.decode(packet.data(), packet.length());
        if (decoded.isEmpty()) {
            return;
        }
        PtpMessage m = decoded.get();
        if (m.source().equals(portV1) || m.source().equals(portV2)) {
            return; // our own Delay_Req looped back
        }
        Long offset = null;
        if (config.profile().accepts(m.version()) && (m.version() == PtpVersion.V1 || m.domain() == config.domain())) {
            offset = handle(m, packet);
        }
        listener.onMessage(new PtpObservation(m.version().number(), m.type(), m.sequenceId(), m.source(),
                grandmasterOf(m), offset, pathDelayNs >= 0 ? pathDelayNs : null, packet.source(),
                pathDelayNs >= 0 ? delayT3Source : null, m));
    }

    private ClockIdentity grandmasterOf(PtpMessage m) {
        if (m.grandmaster() != null) {
            return m.grandmaster().identity();
        }
        Foreign f = foreign.get(m.source());
        return f != null ? f.gm.identity() : null;
    }

    private Long handle(PtpMessage m, ReceivedPacket p) {
        long now = p.rxTime().monoRawNs();
        switch (m.type()) {
            case ANNOUNCE -> {
                foreign.put(m.source(), new Foreign(m.source(), m.version(), m.grandmaster(), null, now));
                selectMaster(now);
            }
            case SYNC -> {
                if (m.version() == PtpVersion.V1) {
                    foreign.put(m.source(), new Foreign(m.source(), m.version(), m.grandmaster(), m.subdomain(), now));
                    selectMaster(now);
                } else {
                    Foreign f = foreign.get(m.source());
                    if (f != null) {
                        foreign.put(m.source(), new Foreign(f.port, f.version, f.gm, null, now));
                    }
                }
                if (master == null || !master.port.equals(m.source())) {
                    return null;
                }
                PendingSync ps = new PendingSync(m.source(), m.sequenceId(), p.rxTime(), m.timestamp(),
                        m.correctionScaledNs(), p.source());
                if (!m.twoStep()) {
                    return complete(ps, m.timestamp(), 0);
                }
                for (EarlyFollowUp fu : earlyFollowUps) {
                    if (fu.source.equals(m.source()) && fu.sequenceId == m.sequenceId()) {
                        earlyFollowUps.remove(fu);
                        return complete(ps, fu.preciseOrigin, fu.correctionScaledNs);
                    }
                }
                pending.addLast(ps);
                while (pending.size() > 8) {
                    pending.removeFirst();
                }
            }
            case FOLLOW_UP -> {
                for (PendingSync ps : pending) {
                    if (ps.source.equals(m.source()) && ps.sequenceId == m.associatedSequenceId()) {
                        pending.remove(ps);
                        return complete(ps, m.timestamp(), m.correctionScaledNs());
                    }
                }
                earlyFollowUps.addLast(new EarlyFollowUp(m.source(), m.associatedSequenceId(), m.timestamp(),
                        m.correctionScaledNs()));
                while (earlyFollowUps.size() > 8) {
                    earlyFollowUps.removeFirst();
                }
            }
            case DELAY_RESP -> {
                PortIdentity ours = m.version() == PtpVersion.V1 ? portV1 : portV2;
                if (master != null && master.port.equals(m.source()) && ours.equals(m.requestingPort())
                        && m.requestingSequenceId() == outstandingSeq && outstandingSync != null) {
                    long t4 = m.timestamp().toNs() - (m.correctionScaledNs() >> 16);
                    long twiceDelay = (outstandingSync.t2RealtimeNs - outstandingSync.t1Ns) + (t4 - outstandingT3Ns);
                    outstandingSeq = -1;
                    if (twiceDelay >= 0) {
                        delays.addLast(twiceDelay / 2);
                        while (delays.size() > 9) {
                            delays.removeFirst();
                        }
                        List<Long> sorted = new ArrayList<>(delays);
                        sorted.sort(null);
                        pathDelayNs = sorted.get(sorted.size() / 2);
                        delayT3Source = outstandingT3Source;
                        delayRespsUsed++;
                    }
                }
            }
            default -> {
            }
        }
        return null;
    }

    private void selectMaster(long nowRawNs) {
        foreign.values().removeIf(f -> nowRawNs - f.lastSeenRawNs > config.masterTimeoutNs());
        Foreign best = null;
        for (Foreign f : foreign.values()) {
            if (f.gm == null) {
                continue;
            }
            if (best == null || f.gm.compareQuality(best.gm) < 0) {
                best = f;
            }
        }
        if (best != null && (master == null || !master.port.equals(best.port))) {
            pending.clear();
            earlyFollowUps.clear();
            delays.clear();
            pathDelayNs = -1;
            outstandingSeq = -1;
            lastSync = null;
        }
        master = best;
    }

    private Long complete(PendingSync ps, PtpTimestamp precise, long followUpCorrectionScaledNs) {
        long t1 = precise.toNs() + ((ps.correctionScaledNs + followUpCorrectionScaledNs) >> 16);
        GrandmasterInfo gm = master.gm;
        boolean timescale = gm.ptpTimescale();
        long utc = timescale ? t1 - gm.currentUtcOffsetS() * 1_000_000_000L : t1;
        lastSync = new CompletedSync(t1, ps.rx.realtimeNs());
        PtpMeasurement meas = new PtpMeasurement(master.version, gm.identity(), t1, utc, ps.rx, pathDelayNs,
                ps.tsSource, pathDelayNs >= 0 ? delayT3Source : null, timescale);
        maybeSendDelayReq(ps.rx.monoRawNs(), t1);
        listener.onMeasurement(meas);
        return meas.offsetNs();
    }

    private void maybeSendDelayReq(long nowRawNs, long t1Ns) {
        if (lastDelayReqRawNs != Long.MIN_VALUE && nowRawNs - lastDelayReqRawNs < config.delayReqIntervalNs()) {
            return;
        }
        lastDelayReqRawNs = nowRawNs;
        int seq = delayReqSequence++ & 0xFFFF;
        byte[] packet;
        PtpTimestamp originEstimate = PtpTimestamp.ofNs(t1Ns);
        if (master.version == PtpVersion.V1) {
            packet = PtpV1Codec.encodeDelayReq(master.subdomain != null ? master.subdomain : "_DFLT", uuidV1, seq,
                    originEstimate, master.gm.identity(), 0);
        } else {
            packet = PtpV2Codec.encodeDelayReq(new PtpV2Codec.Header(config.domain(), 0, 0, portV2, seq, 0x7F),
                    originEstimate);
        }
        outstandingSync = lastSync;
        outstandingSeq = seq;
        PtpTransport.Sent sent = transport.send(packet, true);
        outstandingT3Ns = sent.txTime().realtimeNs();
        outstandingT3Source = sent.source();
        delayReqsSent++;
    }

    public synchronized ClockIdentity grandmaster() {
        return master != null ? master.gm.identity() : null;
    }

    public synchronized long pathDelayNs() {
        return pathDelayNs;
    }

    public synchronized long delayReqsSent() {
        return delayReqsSent;
    }

    public synchronized long delayRespsUsed() {
        return delayRespsUsed;
    }

    public PortIdentity portIdentity(PtpVersion version) {
        return version == PtpVersion.V1 ? portV1 : portV2;
    }
}
