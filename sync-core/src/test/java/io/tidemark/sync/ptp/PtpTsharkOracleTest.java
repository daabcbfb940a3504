package io.tidemark.sync.ptp;

import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.net.NetnsPair;
import io.tidemark.sync.net.TsharkFieldCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Must-show "tshark as oracle": our encoders' PTPv1 (Dante-like) and PTPv2 (AES67) messages, sent
 * through {@link LinuxPtpSocket} in one network namespace to 224.0.1.129 (UDP 319/320) and captured by
 * tshark in the other, decode in tshark to the field values we encoded.
 */
class PtpTsharkOracleTest {

    static final ClockIdentity DANTE_GM = new ClockIdentity(new byte[]{0x00, 0x1d, (byte) 0xc1, 0x0a, 0x0b, 0x0c});
    static final ClockIdentity DANTE_SRC = new ClockIdentity(new byte[]{0x00, 0x1d, (byte) 0xc1, 0x01, 0x02, 0x03});
    static final ClockIdentity SLAVE_V1 = new ClockIdentity(new byte[]{0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x07});
    static final ClockIdentity GM_V2 = new ClockIdentity(
            new byte[]{0x00, 0x0e, (byte) 0xc6, (byte) 0xff, (byte) 0xfe, 0x12, 0x34, 0x56});
    static final ClockIdentity SLAVE_V2 = ClockIdentity.v2FromMac(SLAVE_V1.bytes());
    /** Above 2^32 s, so a 48-bit seconds field that lost its top 16 bits shows. */
    static final long V2_SECONDS = (1L << 32) + 5;

    /** One message: what we send, on which port, and the fields tshark must show with these values. */
    record Expected(String name, byte[] packet, boolean eventPort, Map<String, String> fields) {
    }

    static final List<String> FIELDS = List.of(
            "udp.dstport", "ip.dst",
            // PTPv1
            "ptp.versionptp", "ptp.versionnetwork", "ptp.subdomain", "ptp.messagetype", "ptp.sourcecommunicationtechnology",
            "ptp.sourceuuid", "ptp.sourceportid", "ptp.sequenceid", "ptp.controlfield", "ptp.flags", "ptp.flags.assist",
            "ptp.sdr.origintimestamp_seconds", "ptp.sdr.origintimestamp_nanoseconds", "ptp.sdr.epochnumber",
            "ptp.sdr.currentutcoffset", "ptp.sdr.grandmastercommunicationtechnology", "ptp.sdr.grandmasterclockuuid",
            "ptp.sdr.grandmasterportid", "ptp.sdr.grandmastersequenceid", "ptp.sdr.grandmasterclockstratum",
            "ptp.sdr.grandmasterclockidentifier", "ptp.sdr.grandmasterclockvariance", "ptp.sdr.grandmasterpreferred",
            "ptp.sdr.grandmasterisboundaryclock", "ptp.sdr.syncinterval", "ptp.sdr.localclockvariance",
            "ptp.sdr.localstepsremoved", "ptp.sdr.localclockstratum", "ptp.sdr.localclockidentifier",
            "ptp.sdr.parentcommunicationtechnology", "ptp.sdr.parentuuid", "ptp.sdr.parentportfield",
            "ptp.sdr.estimatedmastervariance", "ptp.sdr.estimatedmasterdrift", "ptp.sdr.utcreasonable",
            "ptp.fu.associatedsequenceid", "ptp.fu.preciseorigintimestamp_seconds",
            "ptp.fu.preciseorigintimestamp_nanoseconds", "ptp.dr.delayreceipttimestamp_seconds",
            "ptp.dr.delayreceipttimestamp_nanoseconds", "ptp.dr.requestingsourcecommunicationtechnology",
            "ptp.dr.requestingsourceuuid", "ptp.dr.requestingsourceportid", "ptp.dr.requestingsourcesequenceid",
            // PTPv2
            "ptp.v2.versionptp", "ptp.v2.messagetype", "ptp.v2.messagelength", "ptp.v2.domainnumber", "ptp.v2.flags",
            "ptp.v2.flags.twostep", "ptp.v2.flags.timescale", "ptp.v2.flags.utcreasonable", "ptp.v2.flags.li61",
            "ptp.v2.flags.timetraceable", "ptp.v2.flags.frequencytraceable", "ptp.v2.correction.ns",
            "ptp.v2.correction.subns", "ptp.v2.clockidentity", "ptp.v2.sourceportid", "ptp.v2.sequenceid",
            "ptp.v2.controlfield", "ptp.v2.logmessageperiod",
            "ptp.v2.an.origintimestamp.seconds", "ptp.v2.an.origintimestamp.nanoseconds",
            "ptp.v2.an.origincurrentutcoffset", "ptp.v2.an.priority1", "ptp.v2.an.grandmasterclockclass",
            "ptp.v2.an.grandmasterclockaccuracy", "ptp.v2.an.grandmasterclockvariance", "ptp.v2.an.priority2",
            "ptp.v2.an.grandmasterclockidentity", "ptp.v2.an.localstepsremoved", "ptp.v2.timesource",
            "ptp.v2.sdr.origintimestamp.seconds", "ptp.v2.sdr.origintimestamp.nanoseconds",
            "ptp.v2.fu.preciseorigintimestamp.seconds", "ptp.v2.fu.preciseorigintimestamp.nanoseconds",
            "ptp.v2.dr.receivetimestamp.seconds", "ptp.v2.dr.receivetimestamp.nanoseconds",
            "ptp.v2.dr.requestingsourceportidentity", "ptp.v2.dr.requestingsourceportid");

    static List<Expected> messages() {
        List<Expected> all = new ArrayList<>();

        // PTPv1 as a Dante leader sends it: two-step Sync, uptime epoch.
        PtpV1Codec.Header syncHeader = new PtpV1Codec.Header(1, "_DFLT", PtpV1Codec.COMM_ETHER, DANTE_SRC, 1, 4660,
                PtpV1Codec.FLAG_ASSIST);
        PtpV1Codec.SyncBody body = new PtpV1Codec.SyncBody(new PtpTimestamp(86_400, 125_000_000), 3, 37,
                PtpV1Codec.COMM_ETHER, DANTE_GM, 2, 4650, 4, "DFLT", -4000, true, false, -2, -3000, 5, 3, "ATOM",
                PtpV1Codec.COMM_ETHER, DANTE_GM, 2, 7, -5, true);
        all.add(new Expected("v1 Sync", PtpV1Codec.encodeSync(syncHeader, body), true, fields(
                "udp.dstport", "319", "ip.dst", "224.0.1.129",
                "ptp.versionptp", "1", "ptp.versionnetwork", "1", "ptp.subdomain", "_DFLT", "ptp.messagetype", "1",
                "ptp.sourcecommunicationtechnology", "1", "ptp.sourceuuid", DANTE_SRC.toString(),
                "ptp.sourceportid", "1", "ptp.sequenceid", "4660", "ptp.controlfield", "0", "ptp.flags", "8",
                "ptp.flags.assist", "1",
                "ptp.sdr.origintimestamp_seconds", "86400", "ptp.sdr.origintimestamp_nanoseconds", "125000000",
                "ptp.sdr.epochnumber", "3", "ptp.sdr.currentutcoffset", "37",
                "ptp.sdr.grandmastercommunicationtechnology", "1",
                "ptp.sdr.grandmasterclockuuid", DANTE_GM.toString(), "ptp.sdr.grandmasterportid", "2",
                "ptp.sdr.grandmastersequenceid", "4650", "ptp.sdr.grandmasterclockstratum", "4",
                "ptp.sdr.grandmasterclockidentifier", "DFLT", "ptp.sdr.grandmasterclockvariance", "-4000",
                "ptp.sdr.grandmasterpreferred", "1", "ptp.sdr.grandmasterisboundaryclock", "0",
                "ptp.sdr.syncinterval", "-2", "ptp.sdr.localclockvariance", "-3000", "ptp.sdr.localstepsremoved", "5",
                "ptp.sdr.localclockstratum", "3", "ptp.sdr.localclockidentifier", "ATOM",
                "ptp.sdr.parentcommunicationtechnology", "1", "ptp.sdr.parentuuid", DANTE_GM.toString(),
                "ptp.sdr.parentportfield", "2", "ptp.sdr.estimatedmastervariance", "7",
                "ptp.sdr.estimatedmasterdrift", "-5", "ptp.sdr.utcreasonable", "1")));

        PtpV1Codec.Header fuHeader = new PtpV1Codec.Header(1, "_DFLT", PtpV1Codec.COMM_ETHER, DANTE_SRC, 1, 4661, 0);
        all.add(new Expected("v1 Follow_Up", PtpV1Codec.encodeFollowUp(fuHeader, 4660, new PtpTimestamp(86_400, 125_004_321)),
                false, fields("udp.dstport", "320", "ptp.versionptp", "1", "ptp.messagetype", "2",
                "ptp.sourceuuid", DANTE_SRC.toString(), "ptp.sequenceid", "4661", "ptp.controlfield", "2",
                "ptp.fu.associatedsequenceid", "4660", "ptp.fu.preciseorigintimestamp_seconds", "86400",
                "ptp.fu.preciseorigintimestamp_nanoseconds", "125004321")));

        // The Delay_Req exactly as PtpPort sends it to a Dante grandmaster.
        all.add(new Expected("v1 Delay_Req", PtpV1Codec.encodeDelayReq("_DFLT", SLAVE_V1, 812,
                new PtpTimestamp(86_400, 130_000_000), DANTE_GM, 0), true, fields(
                "udp.dstport", "319", "ptp.versionptp", "1", "ptp.subdomain", "_DFLT", "ptp.messagetype", "1",
                "ptp.sourceuuid", SLAVE_V1.toString(), "ptp.sourceportid", "1", "ptp.sequenceid", "812",
                "ptp.controlfield", "1", "ptp.sdr.origintimestamp_seconds", "86400",
                "ptp.sdr.origintimestamp_nanoseconds", "130000000", "ptp.sdr.grandmasterclockuuid", DANTE_GM.toString(),
                "ptp.sdr.parentuuid", DANTE_GM.toString())));

        PtpV1Codec.Header drHeader = new PtpV1Codec.Header(1, "_DFLT", PtpV1Codec.COMM_ETHER, DANTE_SRC, 1, 4662, 0);
        all.add(new Expected("v1 Delay_Resp", PtpV1Codec.encodeDelayResp(drHeader, new PtpTimestamp(86_400, 130_052_001),
                PtpV1Codec.COMM_ETHER, SLAVE_V1, 1, 812), false, fields(
                "udp.dstport", "320", "ptp.versionptp", "1", "ptp.messagetype", "2", "ptp.sequenceid", "4662",
                "ptp.controlfield", "3", "ptp.dr.delayreceipttimestamp_seconds", "86400",
                "ptp.dr.delayreceipttimestamp_nanoseconds", "130052001",
                "ptp.dr.requestingsourcecommunicationtechnology", "1",
                "ptp.dr.requestingsourceuuid", SLAVE_V1.toString(), "ptp.dr.requestingsourceportid", "1",
                "ptp.dr.requestingsourcesequenceid", "812")));

        // PTPv2, AES67 default profile, two-step; domain 7 so a misplaced domain byte shows.
        PortIdentity gm = new PortIdentity(GM_V2, 3);
        int announceFlags = PtpV2Codec.FLAG_PTP_TIMESCALE | PtpV2Codec.FLAG_UTC_OFFSET_VALID
                | PtpV2Codec.FLAG_TIME_TRACEABLE | PtpV2Codec.FLAG_LEAP61;
        all.add(new Expected("v2 Announce", PtpV2Codec.encodeAnnounce(new PtpV2Codec.Header(7, announceFlags, 0, gm, 501, 1),
                new PtpV2Codec.AnnounceBody(new PtpTimestamp(V2_SECONDS, 17), 37, 1, 6, 0x21, 0x436A, 128, GM_V2, 2,
                        0x20)), false, fields(
                "udp.dstport", "320", "ip.dst", "224.0.1.129",
                "ptp.v2.versionptp", "2", "ptp.v2.messagetype", "11", "ptp.v2.messagelength", "64",
                "ptp.v2.domainnumber", "7", "ptp.v2.flags", "" + announceFlags, "ptp.v2.flags.twostep", "0",
                "ptp.v2.flags.timescale", "1", "ptp.v2.flags.utcreasonable", "1", "ptp.v2.flags.li61", "1",
                "ptp.v2.flags.timetraceable", "1", "ptp.v2.flags.frequencytraceable", "0",
                "ptp.v2.clockidentity", hex(GM_V2), "ptp.v2.sourceportid", "3", "ptp.v2.sequenceid", "501",
                "ptp.v2.controlfield", "5", "ptp.v2.logmessageperiod", "1",
                "ptp.v2.an.origintimestamp.seconds", "" + V2_SECONDS, "ptp.v2.an.origintimestamp.nanoseconds", "17",
                "ptp.v2.an.origincurrentutcoffset", "37", "ptp.v2.an.priority1", "1",
                "ptp.v2.an.grandmasterclockclass", "6", "ptp.v2.an.grandmasterclockaccuracy", "33",
                "ptp.v2.an.grandmasterclockvariance", "" + 0x436A, "ptp.v2.an.priority2", "128",
                "ptp.v2.an.grandmasterclockidentity", hex(GM_V2), "ptp.v2.an.localstepsremoved", "2",
                "ptp.v2.timesource", "32")));

        long syncCorrectionScaledNs = (1234L << 16) | 0x8000; // 1234.5 ns
        all.add(new Expected("v2 Sync", PtpV2Codec.encodeSync(
                new PtpV2Codec.Header(7, PtpV2Codec.FLAG_TWO_STEP, syncCorrectionScaledNs, gm, 502, -3),
                new PtpTimestamp(V2_SECONDS, 500)), true, fields(
                "udp.dstport", "319", "ptp.v2.versionptp", "2", "ptp.v2.messagetype", "0", "ptp.v2.messagelength", "44",
                "ptp.v2.domainnumber", "7", "ptp.v2.flags.twostep", "1", "ptp.v2.correction.ns", "1234",
                "ptp.v2.correction.subns", "0.5", "ptp.v2.clockidentity", hex(GM_V2), "ptp.v2.sequenceid", "502",
                "ptp.v2.controlfield", "0", "ptp.v2.logmessageperiod", "-3",
                "ptp.v2.sdr.origintimestamp.seconds", "" + V2_SECONDS, "ptp.v2.sdr.origintimestamp.nanoseconds", "500")));

        all.add(new Expected("v2 Follow_Up", PtpV2Codec.encodeFollowUp(
                new PtpV2Codec.Header(7, 0, 99L << 16, gm, 502, -3), new PtpTimestamp(V2_SECONDS, 999_999_999)), false,
                fields("udp.dstport", "320", "ptp.v2.versionptp", "2", "ptp.v2.messagetype", "8",
                        "ptp.v2.domainnumber", "7", "ptp.v2.flags.twostep", "0", "ptp.v2.correction.ns", "99",
                        "ptp.v2.clockidentity", hex(GM_V2), "ptp.v2.sequenceid", "502", "ptp.v2.controlfield", "2",
                        "ptp.v2.fu.preciseorigintimestamp.seconds", "" + V2_SECONDS,
                        "ptp.v2.fu.preciseorigintimestamp.nanoseconds", "999999999")));

        // The Delay_Req exactly as PtpPort sends it to a PTPv2 grandmaster.
        PortIdentity slave = new PortIdentity(SLAVE_V2, 1);
        all.add(new Expected("v2 Delay_Req", PtpV2Codec.encodeDelayReq(new PtpV2Codec.Header(7, 0, 0, slave, 9, 0x7F),
                new PtpTimestamp(V2_SECONDS, 1_000)), true, fields(
                "udp.dstport", "319", "ptp.v2.versionptp", "2", "ptp.v2.messagetype", "1", "ptp.v2.messagelength", "44",
                "ptp.v2.domainnumber", "7", "ptp.v2.clockidentity", hex(SLAVE_V2), "ptp.v2.sourceportid", "1",
                "ptp.v2.sequenceid", "9", "ptp.v2.controlfield", "1", "ptp.v2.logmessageperiod", "127",
                "ptp.v2.sdr.origintimestamp.seconds", "" + V2_SECONDS,
                "ptp.v2.sdr.origintimestamp.nanoseconds", "1000")));

        all.add(new Expected("v2 Delay_Resp", PtpV2Codec.encodeDelayResp(new PtpV2Codec.Header(7, 0, 3L << 16, gm, 9, -3),
                new PtpTimestamp(V2_SECONDS, 60_000), slave), false, fields(
                "udp.dstport", "320", "ptp.v2.versionptp", "2", "ptp.v2.messagetype", "9", "ptp.v2.messagelength", "54",
                "ptp.v2.domainnumber", "7", "ptp.v2.correction.ns", "3", "ptp.v2.clockidentity", hex(GM_V2),
                "ptp.v2.sequenceid", "9", "ptp.v2.controlfield", "3", "ptp.v2.logmessageperiod", "-3",
                "ptp.v2.dr.receivetimestamp.seconds", "" + V2_SECONDS, "ptp.v2.dr.receivetimestamp.nanoseconds", "60000",
                "ptp.v2.dr.requestingsourceportidentity", hex(SLAVE_V2), "ptp.v2.dr.requestingsourceportid", "1")));
        return all;
    }

    @Test
    void tsharkDecodesOurPtpV1AndV2MessagesToTheEncodedFieldValues() throws Exception {
        List<Expected> expected = messages();
        try (NetnsPair net = NetnsPair.create();
             TsharkFieldCapture tshark = TsharkFieldCapture.start(net, net.b, NetnsPair.IF_B,
                     "udp port 319 or udp port 320", FIELDS);
             LinuxPtpSocket sender = LinuxPtpSocket.open(NetnsPair.IF_A, net.a, SystemClock.platform())) {
            // tshark starts slowly on a loaded machine; its "Capturing on" comes when dumpcap listens.
            assertTrue(tshark.awaitCapturing(120_000), "tshark never started capturing:\n" + tshark.stderr());
            Map<String, Map<String, String>> seen = new LinkedHashMap<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            int count = 0;
            while (seen.size() < expected.size() && System.nanoTime() < deadline) {
                for (Expected e : expected) {
                    sender.send(e.packet(), e.eventPort());
                }
                List<Map<String, String>> packets = tshark.awaitMoreThan(count + expected.size() - 1, 3_000);
                count = packets.size();
                for (Map<String, String> p : packets) {
                    Expected e = identify(p, expected);
                    if (e != null) {
                        seen.putIfAbsent(e.name(), p);
                    }
                }
            }
            for (Expected e : expected) {
                Map<String, String> got = seen.get(e.name());
                if (got == null) {
                    fail("tshark never showed our " + e.name() + " (saw " + seen.keySet() + ")\n" + tshark.stderr());
                }
                for (var f : e.fields().entrySet()) {
                    assertEquals(f.getValue(), normalise(f.getKey(), got.get(f.getKey())),
                            e.name() + ": tshark's " + f.getKey() + " (all fields: " + got + ")");
                }
            }
        }
    }

    /** Which of our messages a captured packet is, from tshark's own version and type fields. */
    private static Expected identify(Map<String, String> p, List<Expected> expected) {
        for (Expected e : expected) {
            boolean v1 = e.fields().containsKey("ptp.versionptp");
            String key = v1 ? "ptp.controlfield" : "ptp.v2.messagetype";
            String version = v1 ? p.get("ptp.versionptp") : p.get("ptp.v2.versionptp");
            if (e.fields().get(v1 ? "ptp.versionptp" : "ptp.v2.versionptp").equals(version)
                    && e.fields().get(key).equals(normalise(key, p.get(key)))) {
                return e;
            }
        }
        return null;
    }

    /**
     * tshark prints some integers in hex ("0x0b"), clock identities as 0x-prefixed 64-bit hex and v1
     * UUIDs as MACs: numbers become decimal here, identities stay as printed.
     */
    static String normalise(String field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.startsWith("0x") && !field.endsWith("identity") && !field.endsWith("portidentity")) {
            return Long.toString(Long.parseLong(value.substring(2), 16));
        }
        return value;
    }

    private static String hex(ClockIdentity id) {
        return "0x" + HexFormat.of().formatHex(id.bytes());
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
