package io.tidemark.sync.sim;

import io.tidemark.sync.ntp.NtpPacket;
import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ntp.NtpTimestamp;

import java.util.Optional;

/**
 * A simulated NTP server: it serves true time plus a fixed offset, stamping T2 at the true instant a
 * request arrives and T3 at the true instant its reply leaves. It can be told to be unsynchronised
 * or to answer with a Kiss-o'-Death, so the client's reactions can be tested.
 */
public final class SimNtpServer {

    /** A reply and the true instant it leaves the server. */
    public record Reply(byte[] bytes, long departureTrueNs) {
    }

    private final SimTimeline timeline;
    private final long offsetNs;
    private final int stratum;
    private final String refId;
    private final NtpServerAddress address;
    private long processingNs = 20_000;
    private long rootDelayNs = 0;
    private long rootDispersionNs = 10_000;
    private int leap = 0;
    private String kissCode;
    private long requests;
    private long unreachableFromTrueNs = Long.MAX_VALUE;
    private long unreachableUntilTrueNs = Long.MIN_VALUE;

    /**
     * @param timeline the simulation's true time
     * @param offsetNs what the server's clock reads minus true time
     * @param stratum  the stratum it announces (1 for a GPS server)
     * @param refId    its reference ID: ASCII ("GPS") at stratum 1, a dotted IPv4 address above
     * @param address  the name clients use for it
     */
    public SimNtpServer(SimTimeline timeline, long offsetNs, int stratum, String refId, NtpServerAddress address) {
        this.timeline = timeline;
        this.offsetNs = offsetNs;
        this.stratum = stratum;
        this.refId = refId;
        this.address = address;
    }

    public SimNtpServer(SimTimeline timeline, long offsetNs, int stratum, String refId) {
        this(timeline, offsetNs, stratum, refId, new NtpServerAddress("sim-ntp", NtpServerAddress.DEFAULT_PORT));
    }

    public NtpServerAddress address() {
        return address;
    }

    public long offsetNs() {
        return offsetNs;
    }

    public SimTimeline timeline() {
        return timeline;
    }

    /** Time from a request's arrival to its reply's departure. */
    public SimNtpServer processingNs(long ns) {
        this.processingNs = ns;
        return this;
    }

    public SimNtpServer rootDelayNs(long ns) {
        this.rootDelayNs = ns;
        return this;
    }

    public SimNtpServer rootDispersionNs(long ns) {
        this.rootDispersionNs = ns;
        return this;
    }

    /** Leap indicator it sends; 3 = unsynchronised. */
    public SimNtpServer leap(int leap) {
        this.leap = leap;
        return this;
    }

    /** From now on answer every request with this Kiss-o'-Death code (null: answer normally). */
    public SimNtpServer kissOfDeath(String code) {
        this.kissCode = code;
        return this;
    }

    /** An outage: requests arriving in true time [fromTrueNs, untilTrueNs) get no answer (a dead uplink). */
    public SimNtpServer unreachable(long fromTrueNs, long untilTrueNs) {
        this.unreachableFromTrueNs = fromTrueNs;
        this.unreachableUntilTrueNs = untilTrueNs;
        return this;
    }

    public long requests() {
        return requests;
    }

    /** The reply to a request that arrived at true time {@code arrivalTrueNs}; empty for a non-request. */
    public Optional<Reply> handle(byte[] request, int length, long arrivalTrueNs) {
        Optional<NtpPacket> p = NtpPacket.decode(request, length);
        if (p.isEmpty() || p.get().mode() != NtpPacket.MODE_CLIENT) {
            return Optional.empty();
        }
        requests++;
        if (arrivalTrueNs >= unreachableFromTrueNs && arrivalTrueNs < unreachableUntilTrueNs) {
            return Optional.empty();
        }
        long departure = arrivalTrueNs + processingNs;
        NtpPacket reply;
        if (kissCode != null) {
            reply = new NtpPacket(3, 4, NtpPacket.MODE_SERVER, 0, p.get().poll(), -20, 0, 0,
                    NtpPacket.asciiReferenceId(kissCode), 0, p.get().transmitTs(), 0, 0);
        } else {
            int ref = stratum <= 1 ? NtpPacket.asciiReferenceId(refId) : ipv4(refId);
            reply = new NtpPacket(leap, 4, NtpPacket.MODE_SERVER, stratum, p.get().poll(), -20,
                    NtpTimestamp.nsToShort(rootDelayNs), NtpTimestamp.nsToShort(rootDispersionNs), ref,
                    NtpTimestamp.fromUnixNs(arrivalTrueNs + offsetNs - 16_000_000_000L), p.get().transmitTs(),
                    NtpTimestamp.fromUnixNs(arrivalTrueNs + offsetNs), NtpTimestamp.fromUnixNs(departure + offsetNs));
        }
        return Optional.of(new Reply(reply.encode(), departure));
    }

    private static int ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            return NtpPacket.asciiReferenceId(dotted);
        }
        int v = 0;
        for (String part : parts) {
            v = (v << 8) | (Integer.parseInt(part) & 0xFF);
        }
        return v;
    }
}
