package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.ClockReading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PtpPortTest {

    static final ClockIdentity GM = new ClockIdentity(new byte[]{0x00, 0x0e, (byte) 0xc6, (byte) 0xff, (byte) 0xfe, 1, 2, 3});
    static final PortIdentity GM_PORT = new PortIdentity(GM, 1);
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 9};

    private final List<PtpMeasurement> measurements = new ArrayList<>();
    private final PtpPort port = new PtpPort(PtpPort.Config.of(PtpProfile.AES67), OUR_MAC,
            (packet, event) -> new PtpTransport.Sent(new ClockReading(0, 0), TimestampSource.SIMULATED),
            measurements::add);

    private static ReceivedPacket packet(byte[] b, boolean event, long rxNs) {
        return new ReceivedPacket(b, b.length, event, new ClockReading(rxNs, rxNs), TimestampSource.SIMULATED);
    }

    private void announce() {
        byte[] a = PtpV2Codec.encodeAnnounce(new PtpV2Codec.Header(0, 0, 0, GM_PORT, 1, 1),
                new PtpV2Codec.AnnounceBody(PtpTimestamp.ZERO, 37, 1, 248, 0xFE, 0xFFFF, 128, GM, 0, 0xA0));
        port.receive(packet(a, false, 1_000));
    }

    private static byte[] sync(int seq) {
        return PtpV2Codec.encodeSync(new PtpV2Codec.Header(0, PtpV2Codec.FLAG_TWO_STEP, 0, GM_PORT, seq, -3),
                PtpTimestamp.ZERO);
    }

    private static byte[] followUp(int seq, long preciseNs) {
        return PtpV2Codec.encodeFollowUp(new PtpV2Codec.Header(0, 0, 0, GM_PORT, seq, -3), PtpTimestamp.ofNs(preciseNs));
    }

    @Test
    void aFollowUpHandledBeforeItsSyncStillCompletesIt() {
        announce();
        // the general port's thread got to the Follow_Up first
        port.receive(packet(followUp(7, 5_000_000_000L), false, 5_000_020_000L));
        port.receive(packet(sync(7), true, 5_000_010_000L));
        assertEquals(1, measurements.size());
        assertEquals(5_000_000_000L, measurements.get(0).masterNs());
        assertEquals(5_000_010_000L, measurements.get(0).rxTime().realtimeNs(), "the Sync's arrival, not the Follow_Up's");
    }

    @Test
    void aFollowUpAfterItsSyncCompletesItAndAStrayOneDoesNot() {
        announce();
        port.receive(packet(sync(8), true, 6_000_010_000L));
        port.receive(packet(followUp(9, 6_000_000_000L), false, 6_000_020_000L));
        assertEquals(0, measurements.size());
        port.receive(packet(followUp(8, 6_000_000_000L), false, 6_000_020_000L));
        assertEquals(1, measurements.size());
        assertEquals(10_000, measurements.get(0).rxTime().realtimeNs() - measurements.get(0).masterNs());
    }
}
