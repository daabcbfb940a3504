package io.tidemark.sync.sim;

import io.tidemark.sync.clock.ClockEvent;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.engine.SyncConfig;
import io.tidemark.sync.engine.SyncEngine;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ptp.PtpPort;
import io.tidemark.sync.ptp.PtpProfile;
import io.tidemark.sync.ptp.PtpVersion;
import io.tidemark.sync.servo.ServoState;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated world for the sync engine, in the spirit of chrony's clknetsim: a workstation whose
 * oscillator is off by some ppm and wanders, a LAN with exponential jitter, a Dante-like PTPv1 (or
 * AES67 PTPv2) grandmaster, an NTP server, failover and outages. The engine, PTP port and codecs are
 * the real ones; only the clock, network and peers are simulated. Runs hours in seconds and measures
 * against true UTC.
 */
public final class SyncSimulation {

    /**
     * @param name            scenario name
     * @param durationS       simulated run, s
     * @param clockPpm        the workstation oscillator's frequency error, ppm
     * @param wanderPpmPerSqrtHour its random-walk wander
     * @param jitterUs        mean exponential queueing jitter per direction, µs (PTP and NTP)
     * @param ntpPollS        NTP poll interval, s
     * @param initialOffsetNs CLOCK_REALTIME − UTC at the start
     * @param ptpVersion      V1 (Dante) or V2 (AES67)
     * @param failoverAtS     the grandmaster dies at this time (s), a second one takes over 2 s later; -1: never
     * @param outageAtS       PTP disappears at this time (s); -1: never
     * @param outageS         for this long
     * @param recordingFromS  a recording runs from this time on (no steps after), s
     * @param settleS         statistics start this long after the first LOCK
     * @param seed            random seed
     */
    public record Scenario(String name, double durationS, double clockPpm, double wanderPpmPerSqrtHour,
                           double jitterUs, double ntpPollS, long initialOffsetNs, PtpVersion ptpVersion,
                           double failoverAtS, double outageAtS, double outageS, double recordingFromS,
                           double settleS, long seed) {

        public static Scenario danteLan() {
            return new Scenario("dante-lan", 3600, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1, -1, -1, 0, 120, 300,
                    1);
        }

        public static Scenario gmFailover() {
            return new Scenario("gm-failover", 2400, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1, 1200, -1, 0, 120,
                    300, 2);
        }

        public static Scenario ptpOutage() {
            return new Scenario("ptp-outage", 2400, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V1, -1, 1200, 600, 120,
                    300, 3);
        }

        public static Scenario aes67Lan() {
            return new Scenario("aes67-lan", 3600, 20.0, 0.02, 50, 16, 3_000_000, PtpVersion.V2, -1, -1, 0, 120, 300,
                    4);
        }

        public static Scenario named(String name) {
            return switch (name) {
                case "dante-lan" -> danteLan();
                case "gm-failover" -> gmFailover();
                case "ptp-outage" -> ptpOutage();
                case "aes67-lan" -> aes67Lan();
                default -> throw new IllegalArgumentException("unknown scenario '" + name
                        + "' (use dante-lan, gm-failover, ptp-outage or aes67-lan)");
            };
        }

        public Scenario with(double ppm, double jitter, double duration) {
            return new Scenario(name, duration, ppm, wanderPpmPerSqrtHour, jitter, ntpPollS, initialOffsetNs,
                    ptpVersion, failoverAtS, outageAtS, outageS, recordingFromS, settleS, seed);
        }
    }

    /**
     * Figures against true UTC. Phase and frequency statistics cover the settled window: from
     * {@code settleS} after the first LOCK to the end (failovers and outages included).
     *
     * @param lockTimeS          true time from start to the first LOCK, s (-1: never)
     * @param phaseRmsNs         RMS of CLOCK_REALTIME − UTC, sampled each second
     * @param phaseMaxNs         max |CLOCK_REALTIME − UTC|
     * @param freqRmsPpb         RMS of CLOCK_REALTIME's frequency error over each second, ppb
     * @param recoveryS          failover: from the new grandmaster's first Sync to LOCK, s (null if none)
     * @param outagePhaseMaxNs   outage: max |phase error| from the outage's start to 60 s after PTP returned
     * @param steps              clock steps
     * @param stepsWhileRecording steps while a recording ran (must be 0)
     * @param clockEvents        ClockEvents logged
     * @param finalState         engine state at the end
     */
    public record Result(String scenario, double lockTimeS, double phaseRmsNs, double phaseMaxNs, double freqRmsPpb,
                         Double recoveryS, Double outagePhaseMaxNs, long steps, long stepsWhileRecording,
                         long clockEvents, String finalState, double durationS, double clockPpm, double jitterUs) {
    }

    private SyncSimulation() {
    }

    public static Result run(Scenario sc) {
        SplittableRandom random = new SplittableRandom(sc.seed());
        long start = 1_795_000_000_000_000_000L; // 2026-11-18, UTC ns
        SimTimeline timeline = new SimTimeline(start);
        SimulatedSystemClock clock = new SimulatedSystemClock(timeline, sc.initialOffsetNs(), sc.clockPpm(),
                sc.wanderPpmPerSqrtHour(), random.nextLong());
        SimulatedClockControl control = new SimulatedClockControl(clock);
        long jitterNs = Math.round(sc.jitterUs() * 1000);
        NetworkPath ptpDown = NetworkPath.of(20_000, jitterNs);
        NetworkPath ptpUp = NetworkPath.of(20_000, jitterNs);
        SimPtpNetwork net = new SimPtpNetwork(timeline, clock, ptpDown, ptpUp, random.nextLong());

        final long recordingFromNs = start + Math.round(sc.recordingFromS() * 1e9);
        List<ClockEvent> events = new ArrayList<>();
        long[] stepsWhileRecording = {0};
        ClockEventSink sink = e -> {
            events.add(e);
            if (e.kind().equals("step") && timeline.nowNs() >= recordingFromNs) {
                stepsWhileRecording[0]++;
            }
        };
        SyncEngine engine = new SyncEngine(SyncConfig.defaults(), clock, control, timeline, sink,
                () -> timeline.nowNs() >= recordingFromNs);
        PtpPort port = new PtpPort(PtpPort.Config.of(sc.ptpVersion() == PtpVersion.V1 ? PtpProfile.DANTE
                : PtpProfile.AES67), SimPtpGrandmaster.mac(random), net, engine.ptpListener());
        net.connectSlave(port::receive);

        SimPtpGrandmaster gm1 = new SimPtpGrandmaster(grandmaster(sc, random, 3_600_000_000_000L, start, 1),
                timeline, net, random.nextLong());
        SimPtpGrandmaster gm2 = new SimPtpGrandmaster(grandmaster(sc, random, 86_000_000_000_000L, start, 2),
                timeline, net, random.nextLong());
        // The real NTP client (bursts, least-delay filtering, reply checks) against a perfect server, polling at
        // the scenario's fixed interval.
        NetworkPath ntpPath = NetworkPath.of(100_000, jitterNs);
        SimNtpServer ntpServer = new SimNtpServer(timeline, 0, 1, "GPS");
        SimulatedNtpTransport ntpTransport = new SimulatedNtpTransport(clock, List.of(ntpServer), ntpPath, ntpPath,
                random.nextLong());
        int pollLog2 = (int) Math.round(Math.log(sc.ntpPollS()) / Math.log(2));
        NtpClient ntp = new NtpClient(List.of(ntpServer.address()), NtpClientConfig.defaults().withPoll(pollLog2,
                pollLog2), clock, ntpTransport, timeline, engine.ntpSink(s -> { }));

        engine.start();
        gm1.start();
        ntp.start();
        long failoverNs = sc.failoverAtS() >= 0 ? start + Math.round(sc.failoverAtS() * 1e9) : Long.MAX_VALUE;
        long newGmNs = failoverNs == Long.MAX_VALUE ? Long.MAX_VALUE : failoverNs + 2_000_000_000L;
        long outageNs = sc.outageAtS() >= 0 ? start + Math.round(sc.outageAtS() * 1e9) : Long.MAX_VALUE;
        long outageEndNs = outageNs == Long.MAX_VALUE ? Long.MAX_VALUE : outageNs + Math.round(sc.outageS() * 1e9);

        long end = start + Math.round(sc.durationS() * 1e9);
        double lockTimeS = -1;
        long settledFromNs = Long.MAX_VALUE;
        double sumSq = 0, max = 0, fSumSq = 0;
        long n = 0;
        Double recoveryS = null;
        double outageMax = 0;
        long prevErr = clock.errorNs();
        long newGmFirstSyncNs = -1;
        for (long t = start + 1_000_000_000L; t <= end; t += 1_000_000_000L) {
            if (t - 1_000_000_000L < failoverNs && t >= failoverNs) {
                timeline.advanceTo(failoverNs);
                gm1.stop();
            }
            if (t - 1_000_000_000L < newGmNs && t >= newGmNs) {
                timeline.advanceTo(newGmNs);
                gm2.start();
                newGmFirstSyncNs = newGmNs + 20_000;
            }
            if (t - 1_000_000_000L < outageNs && t >= outageNs) {
                timeline.advanceTo(outageNs);
                gm1.stop();
            }
            if (t - 1_000_000_000L < outageEndNs && t >= outageEndNs) {
                timeline.advanceTo(outageEndNs);
                gm1.start();
            }
            timeline.advanceTo(t);
            long err = clock.errorNs();
            ServoState st = engine.state();
            if (lockTimeS < 0 && st.locked()) {
                lockTimeS = (t - start) / 1e9;
                settledFromNs = t + Math.round(sc.settleS() * 1e9);
            }
            if (recoveryS == null && newGmFirstSyncNs > 0 && st.locked() && t > newGmNs) {
                recoveryS = (t - newGmFirstSyncNs) / 1e9;
            }
            if (t >= outageNs && t <= outageEndNs + 60_000_000_000L) {
                outageMax = Math.max(outageMax, Math.abs(err));
            }
            if (t >= settledFromNs) {
                sumSq += (double) err * err;
                max = Math.max(max, Math.abs(err));
                double fErrPpb = (err - prevErr); // ns per 1 s = ppb
                fSumSq += fErrPpb * fErrPpb;
                n++;
            }
            prevErr = err;
        }
        ntp.close();
        engine.close();
        return new Result(sc.name(), lockTimeS, n > 0 ? Math.sqrt(sumSq / n) : Double.NaN, n > 0 ? max : Double.NaN,
                n > 0 ? Math.sqrt(fSumSq / n) : Double.NaN, recoveryS, outageNs == Long.MAX_VALUE ? null : outageMax,
                control.steps(), stepsWhileRecording[0], events.size(), engine.state().name(), sc.durationS(),
                sc.clockPpm(), sc.jitterUs());
    }

    private static SimPtpGrandmaster.Config grandmaster(Scenario sc, SplittableRandom random, long uptimeNs,
                                                        long utcNs, int priority) {
        byte[] mac = SimPtpGrandmaster.mac(random);
        return sc.ptpVersion() == PtpVersion.V1 ? SimPtpGrandmaster.Config.dante(mac, uptimeNs, 0.0)
                : SimPtpGrandmaster.Config.aes67(mac, utcNs, 0.0, priority);
    }
}
