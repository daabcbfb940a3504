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
import java.util.Objects;
import java.util.Optional;
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
     * One simulated run. Build it from {@link #builder}, whose defaults are the LAN every named scenario shares.
     *
     * @param name                 scenario name
     * @param durationS            simulated run, s
     * @param clockPpm             the workstation oscillator's frequency error, ppm
     * @param wanderPpmPerSqrtHour its random-walk wander
     * @param jitterUs             mean exponential queueing jitter per direction, µs (PTP and NTP)
     * @param ntpPollS             NTP poll interval, s
     * @param initialOffsetNs      CLOCK_REALTIME − UTC at the start
     * @param ptpVersion           V1 (Dante) or V2 (AES67)
     * @param failover             the grandmaster dies, if it does
     * @param outage               PTP disappears for a while, if it does
     * @param recordingFromS       a recording runs from this time on (no steps after), s
     * @param settleS              statistics start this long after the first LOCK
     * @param seed                 random seed
     */
    public record Scenario(String name, double durationS, double clockPpm, double wanderPpmPerSqrtHour,
                           double jitterUs, double ntpPollS, long initialOffsetNs, PtpVersion ptpVersion,
                           Optional<Failover> failover, Optional<Outage> outage, double recordingFromS,
                           double settleS, long seed) {

        /** The grandmaster dies {@code atS} into the run; a second one takes over 2 s later. */
        public record Failover(double atS) {
        }

        /** PTP disappears {@code atS} into the run for {@code lengthS}, then the same grandmaster returns. */
        public record Outage(double atS, double lengthS) {
        }

        public Scenario {
            Objects.requireNonNull(name);
            Objects.requireNonNull(ptpVersion);
            Objects.requireNonNull(failover);
            Objects.requireNonNull(outage);
        }

        public static Scenario danteLan() {
            return builder("dante-lan").seed(1).build();
        }

        public static Scenario gmFailover() {
            return builder("gm-failover").durationS(2400).failover(new Failover(1200)).seed(2).build();
        }

        public static Scenario ptpOutage() {
            return builder("ptp-outage").durationS(2400).outage(new Outage(1200, 600)).seed(3).build();
        }

        public static Scenario aes67Lan() {
            return builder("aes67-lan").ptpVersion(PtpVersion.V2).seed(4).build();
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

        /**
         * An hour on a Dante LAN: a 20 ppm oscillator wandering 0.02 ppm/√h, 50 µs jitter, NTP every 16 s,
         * CLOCK_REALTIME 3 ms off, no failover or outage, a recording from 120 s, statistics 300 s after LOCK.
         */
        public static Builder builder(String name) {
            return new Builder(name);
        }

        /** A builder holding this scenario's values, to change some. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Whether every scripted event (failover, outage) begins before {@code durationS}. */
        public boolean eventsBeginBefore(double durationS) {
            return failover.map(f -> f.atS() < durationS).orElse(true)
                    && outage.map(o -> o.atS() < durationS).orElse(true);
        }

        /** When the last scripted event is over, s from the start (0 when there is none). */
        public double eventsOverAtS() {
            return Math.max(failover.map(Failover::atS).orElse(0.0),
                    outage.map(o -> o.atS() + o.lengthS()).orElse(0.0));
        }

        public static final class Builder {
            private final String name;
            private double durationS = 3600;
            private double clockPpm = 20.0;
            private double wanderPpmPerSqrtHour = 0.02;
            private double jitterUs = 50;
            private double ntpPollS = 16;
            private long initialOffsetNs = 3_000_000;
            private PtpVersion ptpVersion = PtpVersion.V1;
            private Failover failover;
            private Outage outage;
            private double recordingFromS = 120;
            private double settleS = 300;
            private long seed = 1;

            private Builder(String name) {
                this.name = name;
            }

            private Builder(Scenario s) {
                name = s.name;
                durationS = s.durationS;
                clockPpm = s.clockPpm;
                wanderPpmPerSqrtHour = s.wanderPpmPerSqrtHour;
                jitterUs = s.jitterUs;
                ntpPollS = s.ntpPollS;
                initialOffsetNs = s.initialOffsetNs;
                ptpVersion = s.ptpVersion;
                failover = s.failover.orElse(null);
                outage = s.outage.orElse(null);
                recordingFromS = s.recordingFromS;
                settleS = s.settleS;
                seed = s.seed;
            }

            public Builder durationS(double v) {
                durationS = v;
                return this;
            }

            public Builder clockPpm(double v) {
                clockPpm = v;
                return this;
            }

            public Builder wanderPpmPerSqrtHour(double v) {
                wanderPpmPerSqrtHour = v;
                return this;
            }

            public Builder jitterUs(double v) {
                jitterUs = v;
                return this;
            }

            public Builder ntpPollS(double v) {
                ntpPollS = v;
                return this;
            }

            public Builder initialOffsetNs(long v) {
                initialOffsetNs = v;
                return this;
            }

            public Builder ptpVersion(PtpVersion v) {
                ptpVersion = v;
                return this;
            }

            public Builder failover(Failover v) {
                failover = v;
                return this;
            }

            public Builder outage(Outage v) {
                outage = v;
                return this;
            }

            public Builder recordingFromS(double v) {
                recordingFromS = v;
                return this;
            }

            public Builder settleS(double v) {
                settleS = v;
                return this;
            }

            public Builder seed(long v) {
                seed = v;
                return this;
            }

            public Scenario build() {
                return new Scenario(name, durationS, clockPpm, wanderPpmPerSqrtHour, jitterUs, ntpPollS,
                        initialOffsetNs, ptpVersion, Optional.ofNullable(failover), Optional.ofNullable(outage),
                        recordingFromS, settleS, seed);
            }
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
                         long clockEvents, ServoState finalState, double durationS, double clockPpm, double jitterUs) {
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
            if (e.kind() == ClockEvent.Kind.STEP && timeline.nowNs() >= recordingFromNs) {
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
        // Long.MAX_VALUE: never
        long failoverNs = sc.failover().map(f -> start + Math.round(f.atS() * 1e9)).orElse(Long.MAX_VALUE);
        long newGmNs = sc.failover().isPresent() ? failoverNs + 2_000_000_000L : Long.MAX_VALUE;
        long outageNs = sc.outage().map(o -> start + Math.round(o.atS() * 1e9)).orElse(Long.MAX_VALUE);
        long outageEndNs = sc.outage().map(o -> outageNs + Math.round(o.lengthS() * 1e9)).orElse(Long.MAX_VALUE);

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
                n > 0 ? Math.sqrt(fSumSq / n) : Double.NaN, recoveryS, sc.outage().isPresent() ? outageMax : null,
                control.steps(), stepsWhileRecording[0], events.size(), engine.state(), sc.durationS(),
                sc.clockPpm(), sc.jitterUs());
    }

    private static SimPtpGrandmaster.Config grandmaster(Scenario sc, SplittableRandom random, long uptimeNs,
                                                        long utcNs, int priority) {
        byte[] mac = SimPtpGrandmaster.mac(random);
        return sc.ptpVersion() == PtpVersion.V1 ? SimPtpGrandmaster.Config.dante(mac, uptimeNs, 0.0)
                : SimPtpGrandmaster.Config.aes67(mac, utcNs, 0.0, priority);
    }
}
