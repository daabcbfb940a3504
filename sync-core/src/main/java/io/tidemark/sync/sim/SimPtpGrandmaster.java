package io.tidemark.sync.sim;

import io.tidemark.sync.ptp.ClockIdentity;
import io.tidemark.sync.ptp.PortIdentity;
import io.tidemark.sync.ptp.PtpMessage;
import io.tidemark.sync.ptp.PtpMessageType;
import io.tidemark.sync.ptp.PtpTimestamp;
import io.tidemark.sync.ptp.PtpV1Codec;
import io.tidemark.sync.ptp.PtpV2Codec;
import io.tidemark.sync.ptp.PtpVersion;
import io.tidemark.sync.time.Scheduler;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A simulated PTP grandmaster on a {@link SimTimeline}: a Dante-like PTPv1 master (two-step Sync
 * eight times a second, time = its uptime) or an AES67 PTPv2 master (Announce once a second,
 * TAI with currentUtcOffset). Its clock is an {@link Oscillator}; it answers Delay_Req with
 * Delay_Resp. Packets are real encoded bytes, handed to {@link SimPtpNetwork}.
 */
public final class SimPtpGrandmaster {

    public record Config(PtpVersion version, byte[] mac, long epochAtStartNs, double ratePpm, long syncIntervalNs,
                         int priority1, int utcOffsetS) {

        /** Dante: PTPv1, 8 Sync/s, time = uptime (the device was powered on {@code uptimeNs} ago). */
        public static Config dante(byte[] mac, long uptimeNs, double ratePpm) {
            return new Config(PtpVersion.V1, mac, uptimeNs, ratePpm, 125_000_000L, 128, 0);
        }

        /** AES67 default profile: PTPv2, 8 Sync/s, TAI = UTC + 37 s. */
        public static Config aes67(byte[] mac, long utcAtStartNs, double ratePpm, int priority1) {
            return new Config(PtpVersion.V2, mac, utcAtStartNs + 37_000_000_000L, ratePpm, 125_000_000L, priority1, 37);
        }
    }

    private final Config config;
    private final SimTimeline timeline;
    private final Oscillator clock;
    private final SimPtpNetwork network;
    private final ClockIdentity uuid;
    private final PortIdentity portV2;
    private boolean running;
    private int syncSeq;
    private int announceSeq;
    private Scheduler.Cancellable next;
    private Scheduler.Cancellable nextAnnounce;
    private long syncsSent;

    public SimPtpGrandmaster(Config config, SimTimeline timeline, SimPtpNetwork network, long seed) {
        this.config = config;
        this.timeline = timeline;
        this.network = network;
        this.clock = new Oscillator(timeline.nowNs(), config.epochAtStartNs(), config.ratePpm(), 0.0, seed);
        this.uuid = new ClockIdentity(config.mac());
        this.portV2 = new PortIdentity(ClockIdentity.v2FromMac(config.mac()), 1);
        network.attach(this);
    }

    public ClockIdentity identity() {
        return config.version() == PtpVersion.V1 ? uuid : portV2.clock();
    }

    public long syncsSent() {
        return syncsSent;
    }

    /** The grandmaster's time now, ns in its timescale. */
    public long masterNs() {
        return clock.localNsAt(timeline.nowNs());
    }

    public void start() {
        if (running) {
            return;
        }
        running = true;
        next = timeline.schedule(0, this::sendSync);
        if (config.version() == PtpVersion.V2) {
            nextAnnounce = timeline.schedule(0, this::sendAnnounce);
        }
    }

    public void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
        if (nextAnnounce != null) {
            nextAnnounce.cancel();
        }
    }

    public boolean running() {
        return running;
    }

    private PtpV1Codec.Header v1Header(int seq) {
        return new PtpV1Codec.Header(1, "_DFLT", PtpV1Codec.COMM_ETHER, uuid, 1, seq, PtpV1Codec.FLAG_ASSIST);
    }

    private PtpV2Codec.Header v2Header(int seq, int flags, int logInterval) {
        return new PtpV2Codec.Header(0, flags, 0, portV2, seq, logInterval);
    }

    private void sendSync() {
        if (!running) {
            return;
        }
        int seq = syncSeq++ & 0xFFFF;
        long t1 = masterNs();
        // a two-step master's Sync carries a rough time; the Follow_Up carries the precise one
        PtpTimestamp rough = PtpTimestamp.ofNs(t1 / 1_000_000 * 1_000_000);
        byte[] sync;
        byte[] followUp;
        if (config.version() == PtpVersion.V1) {
            PtpV1Codec.SyncBody body = new PtpV1Codec.SyncBody(rough, 0, 0, PtpV1Codec.COMM_ETHER, uuid, 1, seq, 4,
                    "DFLT", 0, config.priority1() == 0, false, -3, 0, 0, 4, "DFLT", PtpV1Codec.COMM_ETHER, uuid, 1,
                    0, 0, false);
            sync = PtpV1Codec.encodeSync(v1Header(seq), body);
            followUp = PtpV1Codec.encodeFollowUp(v1Header(seq), seq, PtpTimestamp.ofNs(t1));
        } else {
            int flags = PtpV2Codec.FLAG_TWO_STEP | PtpV2Codec.FLAG_PTP_TIMESCALE | PtpV2Codec.FLAG_UTC_OFFSET_VALID;
            sync = PtpV2Codec.encodeSync(v2Header(seq, flags, -3), rough);
            followUp = PtpV2Codec.encodeFollowUp(v2Header(seq, flags & ~PtpV2Codec.FLAG_TWO_STEP, -3),
                    PtpTimestamp.ofNs(t1));
        }
        syncsSent++;
        network.toSlave(sync, true);
        network.toSlave(followUp, false);
        next = timeline.schedule(config.syncIntervalNs(), this::sendSync);
    }

    private void sendAnnounce() {
        if (!running) {
            return;
        }
        int seq = announceSeq++ & 0xFFFF;
        int flags = PtpV2Codec.FLAG_PTP_TIMESCALE | PtpV2Codec.FLAG_UTC_OFFSET_VALID;
        byte[] a = PtpV2Codec.encodeAnnounce(v2Header(seq, flags, 0), new PtpV2Codec.AnnounceBody(
                PtpTimestamp.ofNs(masterNs()), config.utcOffsetS(), config.priority1(), 6, 0x21, 0x4E5D, 128,
                portV2.clock(), 0, 0x20));
        network.toSlave(a, false);
        nextAnnounce = timeline.schedule(1_000_000_000L, this::sendAnnounce);
    }

    /** A packet from the slave arrives now. */
    void receive(byte[] packet) {
        if (!running) {
            return;
        }
        long t4 = masterNs();
        var decoded = PtpMessage.decode(packet, packet.length);
        if (decoded.isEmpty() || decoded.get().type() != PtpMessageType.DELAY_REQ) {
            return;
        }
        PtpMessage req = decoded.get();
        byte[] resp;
        if (req.version() == PtpVersion.V1 && config.version() == PtpVersion.V1) {
            resp = PtpV1Codec.encodeDelayResp(v1Header(req.sequenceId()), PtpTimestamp.ofNs(t4),
                    PtpV1Codec.COMM_ETHER, req.source().clock(), req.source().port(), req.sequenceId());
        } else if (req.version() == PtpVersion.V2 && config.version() == PtpVersion.V2) {
            resp = PtpV2Codec.encodeDelayResp(v2Header(req.sequenceId(), 0, -3), PtpTimestamp.ofNs(t4), req.source());
        } else {
            return;
        }
        network.toSlave(resp, false);
    }

    public static byte[] mac(SplittableRandom random) {
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) random.nextInt(256);
        }
        m[0] = (byte) ((m[0] & 0xFE) | 0x02);
        return m;
    }
}
