package io.tidemark.sync.sim;

import io.tidemark.sync.ntp.NtpSample;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A recording session's timing data generated directly from the simulated world (device crystal,
 * workstation clocks, network), without audio: buffer stamps as the recorder logs them, NTP
 * exchanges, and the ground truth of a click at the sample nearest each whole true-UTC second.
 * Streams to a {@link Sink}, so a 120-day session never sits in memory.
 */
public final class SyntheticStampSeries {

    /** What the session looks like. Builder-style withers keep scenarios short to write. */
    public record Scenario(String name, long startTrueNs, long durationNs, int sampleRateHz, int bufferFrames,
                           double deviceRatePpm, double deviceWanderPpmPerSqrtHour,
                           long latencyMeanNs, double outlierProbability, long outlierNs,
                           long systemOffsetNs, double systemRatePpm, double systemWanderPpmPerSqrtHour,
                           long ntpPollNs, NetworkPath ntpPath, List<long[]> dropouts,
                           long stepAtNs, long stepNs, long freqAdjAtNs, double freqAdjPpm,
                           long serverChangeAtNs, long seed) {

        public static final long START = 1_795_000_000_000_000_000L; // 2026-11-19, a whole second

        public static Scenario base(String name, long durationNs) {
            return new Scenario(name, START, durationNs, 48_000, 1024, 20, 0.02, 1_000_000, 0, 0,
                    0, 5, 0.01, 16_000_000_000L, NetworkPath.of(100_000, 20_000), List.of(),
                    -1, 0, -1, 0, -1, 1);
        }

        public Scenario latency(long meanNs) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, meanNs, outlierProbability, outlierNs, systemOffsetNs, systemRatePpm,
                    systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs, freqAdjAtNs, freqAdjPpm,
                    serverChangeAtNs, seed);
        }

        public Scenario outliers(double probability, long ns) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, probability, ns, systemOffsetNs, systemRatePpm,
                    systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs, freqAdjAtNs, freqAdjPpm,
                    serverChangeAtNs, seed);
        }

        public Scenario device(double ratePpm, double wanderPpmPerSqrtHour) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, ratePpm,
                    wanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs, systemRatePpm,
                    systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs, freqAdjAtNs, freqAdjPpm,
                    serverChangeAtNs, seed);
        }

        public Scenario systemClock(long offsetNs, double ratePpm) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, offsetNs, ratePpm,
                    systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs, freqAdjAtNs, freqAdjPpm,
                    serverChangeAtNs, seed);
        }

        public Scenario ntp(long pollNs, NetworkPath path) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, pollNs, path, dropouts, stepAtNs, stepNs, freqAdjAtNs,
                    freqAdjPpm, serverChangeAtNs, seed);
        }

        /** Each entry {true ns after start, buffers lost}. */
        public Scenario dropouts(List<long[]> list) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, list, stepAtNs, stepNs, freqAdjAtNs,
                    freqAdjPpm, serverChangeAtNs, seed);
        }

        /** Steps CLOCK_REALTIME by stepNs at atNs after start (-1: never). */
        public Scenario step(long atNs, long ns) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, atNs, ns, freqAdjAtNs,
                    freqAdjPpm, serverChangeAtNs, seed);
        }

        /** Disciplines CLOCK_REALTIME's frequency by ppm from atNs after start (-1: never). */
        public Scenario discipline(long atNs, double ppm) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs, atNs,
                    ppm, serverChangeAtNs, seed);
        }

        public Scenario serverChange(long atNs) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs,
                    freqAdjAtNs, freqAdjPpm, atNs, seed);
        }

        public Scenario buffer(int frames) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, frames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs,
                    freqAdjAtNs, freqAdjPpm, serverChangeAtNs, seed);
        }

        public Scenario seed(long s) {
            return new Scenario(name, startTrueNs, durationNs, sampleRateHz, bufferFrames, deviceRatePpm,
                    deviceWanderPpmPerSqrtHour, latencyMeanNs, outlierProbability, outlierNs, systemOffsetNs,
                    systemRatePpm, systemWanderPpmPerSqrtHour, ntpPollNs, ntpPath, dropouts, stepAtNs, stepNs,
                    freqAdjAtNs, freqAdjPpm, serverChangeAtNs, s);
        }
    }

    /** Receives the series in time order. */
    public interface Sink {
        void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags);

        void ntp(NtpSample sample);

        /**
         * A click: its recorded sample index and true UTC, with the stamp of the buffer it is in
         * (so that a "raw arrival" estimate can be made).
         */
        default void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
        }

        /**
         * The same click with CLOCK_MONOTONIC_RAW's reading at its true instant, so that an error can be
         * split between the sample→raw and the raw→UTC stage. By default it goes to the shorter form.
         */
        default void click(long sampleIndex, long trueUtcNs, long trueRawNs, long bufferEndSample, long bufferRawNs) {
            click(sampleIndex, trueUtcNs, bufferEndSample, bufferRawNs);
        }
    }

    private SyntheticStampSeries() {
    }

    /** Runs the scenario into the sink. */
    public static void generate(Scenario s, Sink sink) {
        SimTimeline timeline = new SimTimeline(s.startTrueNs());
        SimulatedSystemClock sys = new SimulatedSystemClock(timeline, s.systemOffsetNs(), s.systemRatePpm(),
                s.systemWanderPpmPerSqrtHour(), s.seed() * 31 + 7);
        Oscillator device = new Oscillator(s.startTrueNs(), 0, s.deviceRatePpm(), s.deviceWanderPpmPerSqrtHour(),
                s.seed() * 17 + 3);
        SplittableRandom latencyRandom = new SplittableRandom(s.seed() * 13 + 5);
        SplittableRandom netRandom = new SplittableRandom(s.seed() * 11 + 1);
        double nsPerSample = 1e9 / s.sampleRateHz();
        long end = s.startTrueNs() + s.durationNs();
        long nextPoll = s.startTrueNs();
        long nextClick = s.startTrueNs();
        long lost = 0; // device frames never delivered
        int dropoutIdx = 0;
        boolean stepped = false;
        boolean adjusted = false;
        boolean pendingStepFlag = false;
        int b = s.bufferFrames();
        for (long k = 0; ; k++) {
            long start = k * b;
            int flags = 0;
            // Inject a dropout before this buffer when its time has come.
            long bufTrue = device.trueNsAt(Math.round((start + lost) * nsPerSample));
            if (bufTrue >= end) {
                break;
            }
            if (dropoutIdx < s.dropouts().size() && bufTrue >= s.startTrueNs() + s.dropouts().get(dropoutIdx)[0]) {
                lost += s.dropouts().get(dropoutIdx)[1] * b;
                dropoutIdx++;
                flags |= 0x1;
            }
            long endTrue = device.trueNsAt(Math.round((start + b + lost) * nsPerSample));
            long latency = exponential(latencyRandom, s.latencyMeanNs());
            if (s.outlierProbability() > 0 && latencyRandom.nextDouble() < s.outlierProbability()) {
                latency += s.outlierNs();
            }
            long arrival = endTrue + latency;
            // NTP exchanges and clock changes due before this arrival.
            while (nextPoll <= arrival) {
                timeline.advanceTo(nextPoll);
                if (!stepped && s.stepAtNs() >= 0 && nextPoll >= s.startTrueNs() + s.stepAtNs()) {
                    sys.step(s.stepNs());
                    stepped = true;
                    pendingStepFlag = true;
                }
                if (!adjusted && s.freqAdjAtNs() >= 0 && nextPoll >= s.startTrueNs() + s.freqAdjAtNs()) {
                    sys.setFrequencyAdjustmentPpm(s.freqAdjPpm());
                    adjusted = true;
                }
                String server = s.serverChangeAtNs() >= 0 && nextPoll >= s.startTrueNs() + s.serverChangeAtNs()
                        ? "10.0.0.2:123" : "10.0.0.1:123";
                exchange(nextPoll, server, sys, s.ntpPath(), netRandom, sink);
                nextPoll += s.ntpPollNs();
            }
            timeline.advanceTo(Math.max(timeline.nowNs(), arrival));
            if (pendingStepFlag) {
                flags |= 0x4;
                pendingStepFlag = false;
            }
            long raw = sys.monoRawNsAt(arrival);
            long real = sys.realtimeNsAt(arrival);
            // Clicks inside this buffer (device frames [start+lost, start+b+lost)).
            while (true) {
                long devFrame = Math.round(device.localNsAt(nextClick) / nsPerSample);
                if (devFrame >= start + b + lost) {
                    break;
                }
                if (devFrame >= start + lost) {
                    long sampleTrue = device.trueNsAt(Math.round(devFrame * nsPerSample));
                    sink.click(devFrame - lost, sampleTrue, sys.monoRawNsAt(sampleTrue), start + b, raw);
                }
                nextClick += 1_000_000_000L;
            }
            sink.buffer(start, b, raw, real, flags);
        }
    }

    private static void exchange(long t1True, String server, SimulatedSystemClock sys, NetworkPath path,
                                 SplittableRandom random, Sink sink) {
        OptionalLong out = path.transitNs(random);
        OptionalLong back = path.transitNs(random);
        if (out.isEmpty() || back.isEmpty()) {
            return;
        }
        long t2 = t1True + out.getAsLong();
        long t3 = t2 + 20_000;
        long t4True = t3 + back.getAsLong();
        long t1 = sys.realtimeNsAt(t1True);
        long t4 = sys.realtimeNsAt(t4True);
        sink.ntp(new NtpSample(server, t1, t2, t3, t4, sys.monoRawNsAt(t1True), sys.monoRawNsAt(t4True), 1,
                "GPS", 0, NtpSample.offsetNs(t1, t2, t3, t4), NtpSample.delayNs(t1, t2, t3, t4), true, null));
    }

    static long exponential(SplittableRandom random, long meanNs) {
        return meanNs <= 0 ? 0 : Math.round(-Math.log(1.0 - random.nextDouble()) * meanNs);
    }

    /** A sink that keeps everything, for short sessions in tests. */
    public static final class Recorded implements Sink {
        public final List<long[]> buffers = new ArrayList<>(); // sampleIndex, frames, raw, realtime, flags
        public final List<NtpSample> ntp = new ArrayList<>();
        public final List<long[]> clicks = new ArrayList<>(); // sample, trueNs, bufferEnd, bufferRaw

        @Override
        public void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags) {
            buffers.add(new long[]{sampleIndex, frames, monoRawNs, realtimeNs, flags});
        }

        @Override
        public void ntp(NtpSample sample) {
            ntp.add(sample);
        }

        @Override
        public void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
            clicks.add(new long[]{sampleIndex, trueUtcNs, bufferEndSample, bufferRawNs});
        }

        public static Recorded of(Scenario s) {
            Recorded r = new Recorded();
            generate(s, r);
            return r;
        }
    }
}
