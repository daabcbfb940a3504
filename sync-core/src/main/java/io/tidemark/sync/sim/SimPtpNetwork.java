package io.tidemark.sync.sim;

import io.tidemark.sync.ptp.PtpTransport;
import io.tidemark.sync.ptp.ReceivedPacket;
import io.tidemark.sync.ptp.TimestampSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated LAN between grandmasters and our port: multicast to all, each packet delayed by a
 * {@link NetworkPath} (one per direction, so asymmetry is possible). Our side is a
 * {@link PtpTransport}, and received packets carry our simulated clock's reading at arrival.
 */
public final class SimPtpNetwork implements PtpTransport {

    private final SimTimeline timeline;
    private final SimulatedSystemClock slaveClock;
    private final NetworkPath toSlave;
    private final NetworkPath toMaster;
    private final SplittableRandom random;
    private final List<SimPtpGrandmaster> masters = new ArrayList<>();
    private Consumer<ReceivedPacket> slave = p -> { };
    private boolean up = true;

    public SimPtpNetwork(SimTimeline timeline, SimulatedSystemClock slaveClock, NetworkPath toSlave,
                         NetworkPath toMaster, long seed) {
        this.timeline = timeline;
        this.slaveClock = slaveClock;
        this.toSlave = toSlave;
        this.toMaster = toMaster;
        this.random = new SplittableRandom(seed);
    }

    void attach(SimPtpGrandmaster gm) {
        masters.add(gm);
    }

    /** Where packets for our port go (a PtpPort's receive). */
    public void connectSlave(Consumer<ReceivedPacket> slave) {
        this.slave = slave;
    }

    /** Cuts (false) or restores (true) the whole network. */
    public void setUp(boolean up) {
        this.up = up;
    }

    void toSlave(byte[] packet, boolean eventPort) {
        if (!up) {
            return;
        }
        toSlave.transitNs(random).ifPresent(d -> timeline.schedule(d, () -> slave.accept(
                new ReceivedPacket(packet, packet.length, eventPort, slaveClock.readingAt(timeline.nowNs()),
                        TimestampSource.SIMULATED))));
    }

    @Override
    public Sent send(byte[] packet, boolean eventPort) {
        Sent sent = new Sent(slaveClock.readingAt(timeline.nowNs()), TimestampSource.SIMULATED);
        if (up) {
            for (SimPtpGrandmaster gm : masters) {
                toMaster.transitNs(random).ifPresent(d -> timeline.schedule(d, () -> gm.receive(packet)));
            }
        }
        return sent;
    }
}
