package io.tidemark.recorder.capture;

import java.util.List;

/**
 * How a simulated capture device misbehaves. Every quantity carries its unit in its name.
 *
 * @param ratePpm               the device crystal's frequency error: it samples this many ppm fast
 * @param wanderPpmPerSqrtHour  random-walk wander of that rate (standard deviation after one hour)
 * @param latencyBaseNs         fixed part of the delay from a buffer's last frame to its delivery
 * @param latencyMeanNs         mean of the exponential jitter added to {@code latencyBaseNs}
 * @param outlierProbability    chance per buffer of a late delivery by {@code outlierNs} more
 * @param outlierNs             extra delay of such an outlier
 * @param dropoutProbability    chance per buffer that the buffer is lost silently
 * @param overrunProbability    chance per buffer that the buffer is lost and an overrun is reported
 * @param disconnectProbability chance per buffer that the device disconnects
 * @param disconnectDurationNs  how long a disconnected device stays away (true time)
 * @param faultSchedule         faults at fixed buffer numbers, in addition to the random ones
 * @param seed                  the same seed (and the same reads) replay the same device exactly
 * @param signal                what channels 1..N-1 carry; the last channel always carries the clicks
 */
public record SimulatedDeviceConfig(
        double ratePpm,
        double wanderPpmPerSqrtHour,
        long latencyBaseNs,
        long latencyMeanNs,
        double outlierProbability,
        long outlierNs,
        double dropoutProbability,
        double overrunProbability,
        double disconnectProbability,
        long disconnectDurationNs,
        List<ScheduledFault> faultSchedule,
        long seed,
        Signal signal) {

    /** Content of the channels before the last one. */
    public enum Signal {
        /** Low-level white noise, about -60 dBFS. */
        NOISE,
        /** A sine per channel at 100 Hz × channel number, -40 dBFS. */
        TONES
    }

    public enum FaultKind {
        /** The buffer's frames are lost; nothing is reported. */
        DROPOUT,
        /** The buffer's frames are lost; {@link CaptureDevice#takeOverrun()} says so. */
        OVERRUN,
        /** The device goes away for {@code disconnectDurationNs}; read throws {@link DeviceLostException}. */
        DISCONNECT;

        /** The name used in truth.json. */
        public String truthName() {
            return name().toLowerCase();
        }
    }

    /**
     * A fault injected at a fixed point.
     *
     * @param kind     what happens
     * @param atBuffer the device buffer it happens to: 0 is the first buffer the device produced,
     *                 lost buffers included
     */
    public record ScheduledFault(FaultKind kind, long atBuffer) {
    }

    public SimulatedDeviceConfig {
        requireProbability("outlierProbability", outlierProbability);
        requireProbability("dropoutProbability", dropoutProbability);
        requireProbability("overrunProbability", overrunProbability);
        requireProbability("disconnectProbability", disconnectProbability);
        if (dropoutProbability + overrunProbability + disconnectProbability > 1) {
            throw new IllegalArgumentException("fault probabilities add up to more than 1");
        }
        if (latencyBaseNs < 0 || latencyMeanNs < 0 || outlierNs < 0 || disconnectDurationNs < 0) {
            throw new IllegalArgumentException("latencies and durations must not be negative");
        }
        if (Math.abs(ratePpm) > 10_000 || wanderPpmPerSqrtHour < 0) {
            throw new IllegalArgumentException("ratePpm must be within ±10000 and wander not negative");
        }
        faultSchedule = faultSchedule == null ? List.of() : List.copyOf(faultSchedule);
        signal = signal == null ? Signal.TONES : signal;
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, not " + p);
        }
    }

    /**
     * A well-behaved device: on-rate, 0.5 ms base latency plus 1 ms mean jitter, one outlier of 20 ms
     * in a thousand buffers, no lost audio, tones, seed 1.
     */
    public static SimulatedDeviceConfig defaults() {
        return new SimulatedDeviceConfig(0, 0, 500_000, 1_000_000, 0.001, 20_000_000,
                0, 0, 0, 2_000_000_000L, List.of(), 1, Signal.TONES);
    }

    public SimulatedDeviceConfig withRatePpm(double v) {
        return new SimulatedDeviceConfig(v, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs, outlierProbability,
                outlierNs, dropoutProbability, overrunProbability, disconnectProbability, disconnectDurationNs,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withWanderPpmPerSqrtHour(double v) {
        return new SimulatedDeviceConfig(ratePpm, v, latencyBaseNs, latencyMeanNs, outlierProbability,
                outlierNs, dropoutProbability, overrunProbability, disconnectProbability, disconnectDurationNs,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withLatency(long baseNs, long meanNs) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, baseNs, meanNs, outlierProbability,
                outlierNs, dropoutProbability, overrunProbability, disconnectProbability, disconnectDurationNs,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withOutliers(double probability, long delayNs) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs, probability,
                delayNs, dropoutProbability, overrunProbability, disconnectProbability, disconnectDurationNs,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withFaultProbabilities(double dropout, double overrun, double disconnect) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs,
                outlierProbability, outlierNs, dropout, overrun, disconnect, disconnectDurationNs,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withDisconnectDurationNs(long v) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs,
                outlierProbability, outlierNs, dropoutProbability, overrunProbability, disconnectProbability, v,
                faultSchedule, seed, signal);
    }

    public SimulatedDeviceConfig withFaultSchedule(List<ScheduledFault> v) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs,
                outlierProbability, outlierNs, dropoutProbability, overrunProbability, disconnectProbability,
                disconnectDurationNs, v, seed, signal);
    }

    public SimulatedDeviceConfig withSeed(long v) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs,
                outlierProbability, outlierNs, dropoutProbability, overrunProbability, disconnectProbability,
                disconnectDurationNs, faultSchedule, v, signal);
    }

    public SimulatedDeviceConfig withSignal(Signal v) {
        return new SimulatedDeviceConfig(ratePpm, wanderPpmPerSqrtHour, latencyBaseNs, latencyMeanNs,
                outlierProbability, outlierNs, dropoutProbability, overrunProbability, disconnectProbability,
                disconnectDurationNs, faultSchedule, seed, v);
    }
}
