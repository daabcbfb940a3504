package io.tidemark.recorder.capture;

import io.tidemark.common.KaiserWindow;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A reference signal (GPS PPS or SMPTE LTC) as an audio input records it, for the simulator. The
 * ideal signal (levels switching at exact UTC instants) goes through a realistic analogue path:
 * <ul>
 * <li>the converter's anti-alias filter: a Kaiser-windowed sinc low-pass at 0.45 fs, applied
 * analytically to each ideal edge at its fractional sample position (zero phase: its group delay
 * belongs to the input latency);</li>
 * <li>AC coupling: a first-order high-pass (computed exactly on the ideal signal, whose slow
 * response the anti-alias filter does not change);</li>
 * <li>a fixed input latency: an edge at UTC t lands at the sample the device clock stamps
 * t + latency;</li>
 * <li>white Gaussian noise, {@code snrDb} = 20 log10(step amplitude / noise RMS).</li>
 * </ul>
 * Any block of samples can be generated on its own from the device's sample clock; the result
 * depends only on the sample indices and the seed (the high-pass starts from a warm-up of 20 time
 * constants, so blocks agree to 1e-8 of the step). Thread-safe: it holds no mutable state.
 */
public final class ReferenceSignal {

    /** LTC frame rates. */
    public enum LtcRate {
        FPS_24(24, 1, false), FPS_25(25, 1, false), FPS_29_97_DF(30000, 1001, true), FPS_30(30, 1, false);

        private final int numerator;
        private final int denominator;
        private final boolean dropFrame;

        LtcRate(int numerator, int denominator, boolean dropFrame) {
            this.numerator = numerator;
            this.denominator = denominator;
            this.dropFrame = dropFrame;
        }
    }

    /**
     * The analogue path between the reference output and the samples.
     *
     * @param stepAmplitudeFullScale size of one edge as a fraction of full scale (PPS: low to high;
     *                               LTC: peak to peak)
     * @param acCouplingHz           corner of the first-order high-pass; 0 for DC coupling
     * @param snrDb                  step amplitude over noise RMS, in dB
     * @param inputLatencyNs         how much later than its UTC an edge reaches the samples
     */
    public record AnaloguePath(double stepAmplitudeFullScale, double acCouplingHz, double snrDb, long inputLatencyNs) {
        public AnaloguePath {
            if (!(stepAmplitudeFullScale > 0 && stepAmplitudeFullScale <= 1)) {
                throw new IllegalArgumentException("stepAmplitudeFullScale must be in (0, 1]: " + stepAmplitudeFullScale);
            }
            if (!(acCouplingHz >= 0) || Double.isNaN(snrDb)) {
                throw new IllegalArgumentException("acCouplingHz must be >= 0 and snrDb a number");
            }
        }
    }

    /** Width of a PPS pulse, as most GPS receivers send it. */
    public static final long PPS_PULSE_WIDTH_NS = 100_000_000L;
    /** Anti-alias filter corner as a fraction of the sample rate. */
    public static final double ANTI_ALIAS_CUTOFF_OF_RATE = 0.45;

    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_DAY = 86_400L * NS_PER_S;
    private static final int KERNEL_HALF_SAMPLES = 32;
    private static final int STEPS_PER_SAMPLE = 512;
    private static final double KAISER_BETA = 8.0;
    /** Ideal-level step response of the anti-alias filter, from -32 to +32 samples. */
    private static final double[] STEP_RESPONSE = stepResponse();

    private final int sampleRateHz;
    private final AnaloguePath path;
    private final long seed;
    private final LtcRate ltcRateOrNull;
    private final ZoneOffset ltcZone;
    private final boolean ltcDate;

    private ReferenceSignal(int sampleRateHz, AnaloguePath path, long seed, LtcRate ltcRateOrNull,
                            ZoneOffset ltcZone, boolean ltcDate) {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be positive: " + sampleRateHz);
        }
        this.sampleRateHz = sampleRateHz;
        this.path = path;
        this.seed = seed;
        this.ltcRateOrNull = ltcRateOrNull;
        this.ltcZone = ltcZone;
        this.ltcDate = ltcDate;
    }

    /** GPS PPS: a rising edge at every whole UTC second, falling {@link #PPS_PULSE_WIDTH_NS} later. */
    public static ReferenceSignal pps(int sampleRateHz, AnaloguePath path, long seed) {
        return new ReferenceSignal(sampleRateHz, path, seed, null, ZoneOffset.UTC, false);
    }

    /**
     * LTC from a perfect generator: frame n of each day (in {@code zone}) starts at its midnight
     * plus n frame periods and carries the time code of that count (drop-frame labels at 29.97);
     * with {@code withDate} the user bits carry the date and zone (SMPTE 309M).
     */
    public static ReferenceSignal ltc(int sampleRateHz, LtcRate rate, ZoneOffset zone, boolean withDate,
                                      AnaloguePath path, long seed) {
        LtcFrameBits.zoneCode(zone);
        return new ReferenceSignal(sampleRateHz, path, seed, rate, zone, withDate);
    }

    /**
     * Writes samples {@code [firstSampleIndex, firstSampleIndex + frames)} into
     * {@code out[offset..]}.
     *
     * @param deviceUtcNsAtSample the UTC at which the device's clock takes each sample (increasing)
     */
    public void fill(LongUnaryOperator deviceUtcNsAtSample, long firstSampleIndex, float[] out, int offset, int frames) {
        double tauSamples = path.acCouplingHz() > 0 ? sampleRateHz / (2 * Math.PI * path.acCouplingHz()) : 0;
        long warmUpSamples = (long) Math.ceil(20 * tauSamples);
        long fromSample = firstSampleIndex - KERNEL_HALF_SAMPLES - warmUpSamples - 2;
        long toSample = firstSampleIndex + frames + KERNEL_HALF_SAMPLES + 2;
        long latencyNs = path.inputLatencyNs();
        long fromUtcNs = deviceUtcNsAtSample.applyAsLong(fromSample) - latencyNs;
        long toUtcNs = deviceUtcNsAtSample.applyAsLong(toSample) - latencyNs;

        // Ideal levels (0 low, 1 high; LTC is centred later) switching at UTC instants; the level
        // before the first listed switch is low.
        List<Switch> switches = new ArrayList<>();
        if (ltcRateOrNull == null) {
            ppsSwitches(fromUtcNs, toUtcNs, switches);
        } else {
            ltcSwitches(fromUtcNs, toUtcNs, switches);
        }
        int count = switches.size();
        double[] positions = new double[count];
        double[] levels = new double[count];
        Inverter inverter = new Inverter(deviceUtcNsAtSample, firstSampleIndex, sampleRateHz);
        for (int i = 0; i < count; i++) {
            Switch s = switches.get(i);
            positions[i] = inverter.positionOf(s.utcNs() + latencyNs, s.fractionNs()) - firstSampleIndex;
            levels[i] = s.level();
        }

        double centre = ltcRateOrNull == null ? 0 : 0.5;
        double meanLevel = ltcRateOrNull == null ? (double) PPS_PULSE_WIDTH_NS / NS_PER_S : 0.5;
        // Band-limited ideal level: each step adds its filtered response near its position and its
        // full size from where the response has settled on.
        double[] partial = new double[frames];
        double[] settledSteps = new double[frames + 1];
        double level = 0;
        for (int i = 0; i < count; i++) {
            double step = levels[i] - level;
            level = levels[i];
            if (step == 0) {
                continue;
            }
            double p = positions[i];
            int settled = (int) Math.max(0, Math.min(frames, Math.floor(p + KERNEL_HALF_SAMPLES) + 1));
            settledSteps[settled] += step;
            int first = (int) Math.max(0, Math.min(frames, Math.ceil(p - KERNEL_HALF_SAMPLES)));
            for (int k = first; k < settled; k++) {
                partial[k] += step * stepResponseAt(k - p);
            }
        }

        double amplitude = path.stepAmplitudeFullScale();
        double noiseRms = amplitude * Math.pow(10, -path.snrDb() / 20);
        // First-order low-pass of the ideal levels, exact between switches; AC coupling subtracts it.
        // It starts at the mean level at the first switch, at least 20 time constants back.
        double lowPass = meanLevel;
        double lowPassAt = count > 0 ? positions[0] : 0;
        double lowPassLevel = 0;
        double settledSum = 0;
        int next = 0;
        for (int k = 0; k < frames; k++) {
            settledSum += settledSteps[k];
            double reference = centre;
            if (tauSamples > 0) {
                while (next < count && positions[next] <= k) {
                    lowPass = lowPassLevel + (lowPass - lowPassLevel) * Math.exp(-(positions[next] - lowPassAt) / tauSamples);
                    lowPassAt = positions[next];
                    lowPassLevel = levels[next];
                    next++;
                }
                reference = lowPassLevel + (lowPass - lowPassLevel) * Math.exp(-(k - lowPassAt) / tauSamples);
            }
            double value = amplitude * (settledSum + partial[k] - reference);
            out[offset + k] = (float) (value + noiseRms * gaussian(seed, firstSampleIndex + k));
        }
    }

    /** The ideal signal switching to {@code level} at UTC {@code utcNs + fractionNs}. */
    private record Switch(long utcNs, double fractionNs, int level) {
    }

    private void ppsSwitches(long fromUtcNs, long toUtcNs, List<Switch> out) {
        for (long second = Math.floorDiv(fromUtcNs, NS_PER_S); second * NS_PER_S <= toUtcNs; second++) {
            out.add(new Switch(second * NS_PER_S, 0, 1));
            out.add(new Switch(second * NS_PER_S + PPS_PULSE_WIDTH_NS, 0, 0));
        }
    }

    private void ltcSwitches(long fromUtcNs, long toUtcNs, List<Switch> out) {
        LtcRate rate = ltcRateOrNull;
        long zoneNs = ltcZone.getTotalSeconds() * NS_PER_S;
        long dayStartNs = Math.floorDiv(fromUtcNs + zoneNs, NS_PER_DAY) * NS_PER_DAY - zoneNs;
        long frameNum = (long) rate.denominator * NS_PER_S;
        // Frame n starts at day start + n * frameNum / numerator ns
        long frame = Math.floorDiv((fromUtcNs - dayStartNs) * rate.numerator, frameNum);
        double bitNs = (double) frameNum / rate.numerator / 80;
        int level = 0;
        while (true) {
            long nextDayNs = dayStartNs + NS_PER_DAY;
            long startScaled = frame * frameNum;
            long startNs = dayStartNs + startScaled / rate.numerator;
            double startFraction = (double) (startScaled % rate.numerator) / rate.numerator;
            if (startNs >= nextDayNs) {
                // A 29.97 fps day does not hold a whole number of frames: its last frame is cut
                // short, and the next day starts from the low level again.
                if (level == 1) {
                    level = 0;
                    out.add(new Switch(nextDayNs, 0, level));
                }
                dayStartNs = nextDayNs;
                frame = 0;
                continue;
            }
            if (startNs > toUtcNs) {
                return;
            }
            boolean[] bits = frameBits(frame, dayStartNs);
            for (int b = 0; b < 80; b++) {
                for (int half = 0; half < (bits[b] ? 2 : 1); half++) {
                    double offsetNs = startFraction + (b + 0.5 * half) * bitNs;
                    long wholeNs = (long) Math.floor(offsetNs);
                    if (startNs + wholeNs >= nextDayNs) {
                        break;
                    }
                    level ^= 1;
                    out.add(new Switch(startNs + wholeNs, offsetNs - wholeNs, level));
                }
            }
            frame++;
        }
    }

    private boolean[] frameBits(long frame, long dayStartNs) {
        LtcRate rate = ltcRateOrNull;
        int nominalFps = (rate.numerator + rate.denominator - 1) / rate.denominator;
        long label = frame;
        if (rate.dropFrame) {
            // Drop-frame labels skip frame numbers 0 and 1 at each minute not divisible by ten
            long tens = frame / 17982;
            long rest = frame % 17982;
            label = frame + 18 * tens + (rest < 2 ? 0 : 2 * ((rest - 2) / 1798));
        }
        int ff = (int) (label % nominalFps);
        long totalSeconds = label / nominalFps;
        LocalDate dateOrNull = ltcDate
                ? LocalDate.ofEpochDay(Math.floorDiv(dayStartNs + ltcZone.getTotalSeconds() * NS_PER_S, NS_PER_DAY))
                : null;
        return LtcFrameBits.encode((int) (totalSeconds / 3600 % 24), (int) (totalSeconds / 60 % 60),
                (int) (totalSeconds % 60), ff, rate.dropFrame, dateOrNull, ltcZone, rate == LtcRate.FPS_25);
    }

    /** Turns a UTC instant into the fractional sample index at which the device clock reaches it. */
    private static final class Inverter {
        private final LongUnaryOperator clock;
        private final double samplesPerNs;
        private long k;
        private long utcK;
        private long utcNext;

        Inverter(LongUnaryOperator clock, long startSample, int sampleRateHz) {
            this.clock = clock;
            this.samplesPerNs = sampleRateHz / 1e9;
            this.k = startSample;
            this.utcK = clock.applyAsLong(k);
            this.utcNext = clock.applyAsLong(k + 1);
        }

        double positionOf(long utcNs, double fractionNs) {
            if (utcNs < utcK || utcNs >= utcNext) {
                k += (long) Math.floor((utcNs - utcK) * samplesPerNs);
                utcK = clock.applyAsLong(k);
                while (utcK > utcNs) {
                    utcK = clock.applyAsLong(--k);
                }
                utcNext = clock.applyAsLong(k + 1);
                while (utcNext <= utcNs) {
                    k++;
                    utcK = utcNext;
                    utcNext = clock.applyAsLong(k + 1);
                }
            }
            return k + (utcNs - utcK + fractionNs) / (utcNext - utcK);
        }
    }

    private static double stepResponseAt(double samples) {
        double index = (samples + KERNEL_HALF_SAMPLES) * STEPS_PER_SAMPLE;
        if (index <= 0) {
            return 0;
        }
        if (index >= STEP_RESPONSE.length - 1) {
            return 1;
        }
        int i = (int) index;
        double f = index - i;
        return STEP_RESPONSE[i] + f * (STEP_RESPONSE[i + 1] - STEP_RESPONSE[i]);
    }

    private static double[] stepResponse() {
        int n = 2 * KERNEL_HALF_SAMPLES * STEPS_PER_SAMPLE + 1;
        double[] impulse = new double[n];
        double twoFc = 2 * ANTI_ALIAS_CUTOFF_OF_RATE;
        for (int i = 0; i < n; i++) {
            double t = (double) (i - n / 2) / STEPS_PER_SAMPLE;
            double x = Math.PI * twoFc * t;
            double sinc = t == 0 ? 1 : Math.sin(x) / x;
            double w = t / KERNEL_HALF_SAMPLES;
            impulse[i] = twoFc * sinc * KaiserWindow.besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - w * w))) / KaiserWindow.besselI0(KAISER_BETA);
        }
        double[] step = new double[n];
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += 0.5 * (impulse[i - 1] + impulse[i]);
            step[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            step[i] /= sum;
        }
        return step;
    }


    /** Standard normal variate that depends only on (seed, sample index). */
    private static double gaussian(long seed, long sampleIndex) {
        long a = mix(seed ^ mix(sampleIndex));
        long b = mix(a + 0x9E3779B97F4A7C15L);
        double u1 = ((a >>> 11) + 1) * 0x1.0p-53;
        double u2 = (b >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
