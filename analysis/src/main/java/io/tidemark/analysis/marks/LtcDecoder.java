package io.tidemark.analysis.marks;

import io.tidemark.sync.fit.LeastSquaresFit;
import io.tidemark.sync.fit.WindowFit;


import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * Decodes SMPTE LTC recorded on an audio channel (read forward, either polarity: biphase mark
 * carries its bits in transitions, not levels) and places each frame's start to a fraction of a
 * sample.
 * <ol>
 * <li>Transitions: crossings of the signal's middle with hysteresis, then each placed where the
 * band-limited (windowed-sinc) signal crosses halfway between the mean levels of the half-bits on
 * either side, so DC offset and AC-coupling droop do not shift it.</li>
 * <li>Bits: a full-bit interval is a 0, two half-bit intervals a 1; a frame ends with the sync word
 * 0011 1111 1111 1101 in bits 64-79.</li>
 * <li>Start: a least-squares line through all the frame's transition times against their places
 * on the nominal bit grid (bit boundaries at 0..80, mid-bit transitions of ones at b + 0.5); its
 * value at 0 is the start of bit 0.</li>
 * <li>Rate: the median bit length, rounded to 24, 25, 29.97 or 30 fps.</li>
 * </ol>
 * The UTC a frame asserts is its day's start plus its frame count times the frame period (the
 * count-based reading of drop-frame labels). The day comes from the date in the user bits when
 * present (SMPTE 309M, with its time zone; see {@link #timecode}), otherwise from the caller's
 * rough UTC.
 */
public final class LtcDecoder {

    private static final int[] SYNC_WORD = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1};
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_DAY = 86_400L * NS_PER_S;
    private static final double HYSTERESIS_OF_LEVEL = 0.4;

    private LtcDecoder() {
    }

    /**
     * The LTC frames in {@code samples}.
     *
     * @param firstSampleIndex   recording index of {@code samples[0]}; positions are recording indices
     * @param roughUtcNsAtSample UTC of a recording sample index, within hours; it picks the day when
     *                           the frames carry no date
     * @throws MarkException when no frames are found (it says what the channel holds)
     */
    public static LtcDecoding decode(float[] samples, int sampleRateHz, long firstSampleIndex,
                                     LongUnaryOperator roughUtcNsAtSample) {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be positive: " + sampleRateHz);
        }
        double[] levelStats = levelStats(samples);
        double centre = levelStats[0];
        double level = levelStats[1];
        double[] rough = roughTransitions(samples, centre, HYSTERESIS_OF_LEVEL * level);
        double bitSamples = fullBitSamples(rough);
        List<int[]> frameTransitions = new ArrayList<>();
        List<boolean[]> frameBits = new ArrayList<>();
        if (bitSamples > 0) {
            findFrames(rough, bitSamples, frameTransitions, frameBits);
        }
        if (frameBits.isEmpty()) {
            throw new MarkException(String.format(Locale.ROOT,
                    "no LTC frames: peak level %s, %d transitions%s",
                    dbfs(levelStats[2]), rough.length,
                    bitSamples > 0 ? String.format(Locale.ROOT, " (bit length %.1f samples) but no sync word", bitSamples) : ""),
                    "check that the reference channel carries the LTC generator's output");
        }

        int n = frameBits.size();
        double[] starts = new double[n];
        double[] bitLengths = new double[n];
        double[] rmsNs = new double[n];
        for (int f = 0; f < n; f++) {
            fitFrame(samples, rough, frameTransitions.get(f), frameBits.get(f), sampleRateHz, f, starts, bitLengths, rmsNs);
        }
        double[] sorted = bitLengths.clone();
        Arrays.sort(sorted);
        double framesPerSecond = sampleRateHz / (80 * sorted[n / 2]);
        LtcFrameRate rate = LtcFrameRate.nearest(framesPerSecond);
        if (rate == null) {
            throw new MarkException(String.format(Locale.ROOT,
                    "LTC at %.3f frames a second: not 24, 25, 29.97 or 30", framesPerSecond),
                    "set the LTC generator to one of those rates");
        }

        List<Integer> kept = new ArrayList<>();
        List<LtcTimecode> labels = new ArrayList<>();
        List<Long> roughNs = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            long roughUtcNs = roughUtcNsAtSample.applyAsLong(Math.round(firstSampleIndex + starts[f]));
            LtcTimecode tc = timecode(frameBits.get(f), rate, roughUtcNs);
            if (tc != null) {
                kept.add(f);
                labels.add(tc);
                roughNs.add(roughUtcNs);
            }
        }
        if (kept.isEmpty()) {
            throw new MarkException(n + " LTC frames found, none with a valid time code",
                    "check the LTC generator");
        }
        double[] positions = new double[kept.size()];
        long[] utcNs = new long[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            positions[i] = firstSampleIndex + starts[kept.get(i)];
            utcNs[i] = utcNs(labels.get(i), rate, roughNs.get(i));
        }
        List<ReferenceMark> marks = MarkSeries.build(ReferenceMark.Kind.LTC, positions, utcNs, rate.nsAtCount(1));
        List<LtcFrame> frames = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            int f = kept.get(i);
            frames.add(new LtcFrame(marks.get(i), labels.get(i), bitLengths[f], rmsNs[f]));
        }
        return new LtcDecoding(rate, frames, n - kept.size());
    }

    /** {centre, level (typical distance of the signal from its centre), peak |x|}. */
    private static double[] levelStats(float[] x) {
        int stride = Math.max(1, x.length / 400_000);
        int m = x.length / stride;
        double[] v = new double[m];
        double sum = 0;
        double peak = 0;
        for (int i = 0; i < m; i++) {
            v[i] = x[i * stride];
            sum += v[i];
        }
        for (float s : x) {
            peak = Math.max(peak, Math.abs(s));
        }
        double centre = m == 0 ? 0 : sum / m;
        for (int i = 0; i < m; i++) {
            v[i] = Math.abs(v[i] - centre);
        }
        Arrays.sort(v);
        // LTC sits near its two levels most of the time: the median distance is about one level
        return new double[] {centre, m == 0 ? 0 : v[m / 2], peak};
    }

    private static String dbfs(double level) {
        return level <= 0 ? "-inf dBFS" : String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(level));
    }

    /** Crossings of the centre, each confirmed by a swing past the hysteresis band. */
    private static double[] roughTransitions(float[] x, double centre, double hysteresis) {
        double[] t = new double[Math.max(16, x.length / 8)];
        int count = 0;
        if (hysteresis <= 0) {
            return new double[0];
        }
        int state = 0;
        int lastCrossing = 0;
        for (int k = 1; k < x.length; k++) {
            if ((x[k - 1] - centre) * (x[k] - centre) <= 0 && x[k] != x[k - 1]) {
                lastCrossing = k;
            }
            int now = x[k] > centre + hysteresis ? 1 : x[k] < centre - hysteresis ? -1 : 0;
            if (now != 0 && now != state) {
                if (state != 0 && lastCrossing > 0) {
                    int j = lastCrossing;
                    if (count == t.length) {
                        t = Arrays.copyOf(t, 2 * count);
                    }
                    t[count++] = j - 1 + (centre - x[j - 1]) / (x[j] - x[j - 1]);
                }
                state = now;
            }
        }
        return Arrays.copyOf(t, count);
    }

    /** The full-bit interval: the median of the long cluster of intervals; 0 when there is none. */
    private static double fullBitSamples(double[] t) {
        if (t.length < 32) {
            return 0;
        }
        double[] d = new double[t.length - 1];
        for (int i = 0; i < d.length; i++) {
            d[i] = t[i + 1] - t[i];
        }
        Arrays.sort(d);
        double guess = d[(int) (0.9 * (d.length - 1))];
        double[] near = Arrays.stream(d).filter(v -> v > 0.75 * guess && v < 1.25 * guess).toArray();
        return near.length == 0 ? 0 : near[near.length / 2];
    }

    /**
     * Walks the intervals into bits and collects every frame ending in the sync word: its 80 bits
     * and, per bit, the index of the transition that begins it (plus, at [80], the one that ends it).
     */
    private static void findFrames(double[] t, double bitSamples, List<int[]> transitionsOut, List<boolean[]> bitsOut) {
        int capacity = 80;
        boolean[] bits = new boolean[capacity];
        int[] startOf = new int[capacity];
        int have = 0;
        int pendingShort = -1;
        for (int i = 0; i + 1 < t.length; i++) {
            double d = (t[i + 1] - t[i]) / bitSamples;
            boolean bit;
            int start;
            if (d > 0.75 && d < 1.3) {
                if (pendingShort >= 0) {
                    // Half a one before a zero: the bit grid was misread; start again here
                    have = 0;
                    pendingShort = -1;
                }
                bit = false;
                start = i;
            } else if (d > 0.3 && d < 0.7) {
                if (pendingShort < 0) {
                    pendingShort = i;
                    continue;
                }
                bit = true;
                start = pendingShort;
                pendingShort = -1;
            } else {
                have = 0;
                pendingShort = -1;
                continue;
            }
            if (have == capacity) {
                System.arraycopy(bits, 1, bits, 0, capacity - 1);
                System.arraycopy(startOf, 1, startOf, 0, capacity - 1);
                have--;
            }
            bits[have] = bit;
            startOf[have] = start;
            have++;
            if (have == capacity && endsWithSync(bits)) {
                int[] transitions = Arrays.copyOf(startOf, 81);
                transitions[80] = i + 1;
                transitionsOut.add(transitions);
                bitsOut.add(bits.clone());
                have = 0;
            }
        }
    }

    private static boolean endsWithSync(boolean[] bits) {
        for (int i = 0; i < 16; i++) {
            if (bits[64 + i] != (SYNC_WORD[i] == 1)) {
                return false;
            }
        }
        return true;
    }

    /** Fits the line through the frame's refined transitions; writes start, bit length and RMS at [f]. */
    private static void fitFrame(float[] x, double[] t, int[] startOf, boolean[] bits, int sampleRateHz, int f,
                                 double[] starts, double[] bitLengths, double[] rmsNs) {
        double[] grid = new double[161];
        double[] time = new double[161];
        int m = 0;
        for (int b = 0; b <= 80; b++) {
            grid[m] = b;
            time[m++] = refine(x, t, startOf[b]);
            if (b < 80 && bits[b]) {
                grid[m] = b + 0.5;
                time[m++] = refine(x, t, startOf[b] + 1);
            }
        }
        WindowFit.Line line = new LeastSquaresFit().fit(grid, time, m);
        double slope = line.slope();
        double intercept = line.intercept();
        double squares = 0;
        for (int i = 0; i < m; i++) {
            double r = time[i] - (intercept + slope * grid[i]);
            squares += r * r;
        }
        starts[f] = intercept;
        bitLengths[f] = slope;
        rmsNs[f] = Math.sqrt(squares / m) / sampleRateHz * 1e9;
    }

    /**
     * Transition i to a fraction of a sample: where the band-limited signal crosses halfway between
     * the mean levels of the plateaus before and after it (a guard of a quarter half-bit, at least
     * two samples, keeps the edges themselves out of the means).
     */
    private static double refine(float[] x, double[] t, int i) {
        if (i <= 0 || i + 1 >= t.length) {
            return t[i];
        }
        double before = plateauMean(x, t[i - 1], t[i]);
        double after = plateauMean(x, t[i], t[i + 1]);
        if (Double.isNaN(before) || Double.isNaN(after)) {
            return t[i];
        }
        double half = 0.5 * (before + after);
        double lo = Math.floor(t[i]) - 1;
        double hi = lo + 3;
        if (!SincInterpolator.inside(x.length, lo) || !SincInterpolator.inside(x.length, hi)) {
            return t[i];
        }
        double sign = Math.signum(after - before);
        double fLo = sign * (SincInterpolator.valueAt(x, lo) - half);
        double fHi = sign * (SincInterpolator.valueAt(x, hi) - half);
        if (fLo > 0 || fHi < 0) {
            return t[i];
        }
        // Regula falsi (Illinois): the crossing to well under 1/1000 sample
        int side = 0;
        for (int iteration = 0; iteration < 30 && hi - lo > 1e-5; iteration++) {
            double mid = (lo * fHi - hi * fLo) / (fHi - fLo);
            double fMid = sign * (SincInterpolator.valueAt(x, mid) - half);
            if (fMid < 0) {
                lo = mid;
                fLo = fMid;
                if (side == -1) {
                    fHi /= 2;
                }
                side = -1;
            } else {
                hi = mid;
                fHi = fMid;
                if (side == 1) {
                    fLo /= 2;
                }
                side = 1;
            }
        }
        return (lo * fHi - hi * fLo) / (fHi - fLo);
    }

    private static double plateauMean(float[] x, double from, double to) {
        double guard = Math.max(2, 0.25 * (to - from));
        int a = (int) Math.ceil(from + guard);
        int b = (int) Math.floor(to - guard);
        if (b < a || a < 0 || b >= x.length) {
            return Double.NaN;
        }
        double s = 0;
        for (int k = a; k <= b; k++) {
            s += x[k];
        }
        return s / (b - a + 1);
    }

    /**
     * The frame's label, or null when its BCD digits are not a valid time. The user bits are read
     * as a date when the binary-group flags say so, and also when the flags name no format but the
     * bits hold a valid date and zone within a day of the rough UTC (libltc 1.3 writes dates so).
     */
    private static LtcTimecode timecode(boolean[] bits, LtcFrameRate rate, long roughUtcNs) {
        int frameUnits = field(bits, 0, 4);
        int frameTens = field(bits, 8, 2);
        int secondUnits = field(bits, 16, 4);
        int secondTens = field(bits, 24, 3);
        int minuteUnits = field(bits, 32, 4);
        int minuteTens = field(bits, 40, 3);
        int hourUnits = field(bits, 48, 4);
        int hourTens = field(bits, 56, 2);
        if (frameUnits > 9 || secondUnits > 9 || minuteUnits > 9 || hourUnits > 9) {
            return null;
        }
        int frames = frameTens * 10 + frameUnits;
        int seconds = secondTens * 10 + secondUnits;
        int minutes = minuteTens * 10 + minuteUnits;
        int hours = hourTens * 10 + hourUnits;
        if (frames >= rate.labelsPerSecond() || seconds > 59 || minutes > 59 || hours > 23) {
            return null;
        }
        boolean dropFrame = bits[10];
        // Date and time zone (SMPTE 309M): binary-group flags BGF0 = 0, BGF2 = 1; at 25 fps BGF0 is
        // bit 27 and BGF2 bit 43, at the other rates bit 43 and bit 59.
        boolean twentyFive = rate == LtcFrameRate.FPS_25;
        boolean noCharacters = !bits[twentyFive ? 27 : 43];
        boolean flaggedDate = noCharacters && bits[twentyFive ? 43 : 59];
        LocalDate date = null;
        ZoneOffset zone = null;
        if (noCharacters) {
            int day = bcd(field(bits, 12, 4), field(bits, 4, 4));
            int month = bcd(field(bits, 28, 4), field(bits, 20, 4));
            int year = bcd(field(bits, 44, 4), field(bits, 36, 4));
            try {
                date = day < 0 || month < 0 || year < 0 ? null : LocalDate.of(2000 + year, month, day);
            } catch (DateTimeException e) {
                date = null;
            }
            zone = date == null ? null : zone(field(bits, 60, 4), field(bits, 52, 4));
            if (!flaggedDate && date != null) {
                LtcTimecode dated = new LtcTimecode(hours, minutes, seconds, frames, dropFrame, date, zone);
                if (zone == null || Math.abs(utcNs(dated, rate, roughUtcNs) - roughUtcNs) > NS_PER_DAY) {
                    date = null;
                    zone = null;
                }
            }
        }
        return new LtcTimecode(hours, minutes, seconds, frames, dropFrame, date, zone);
    }

    /**
     * SMPTE 309M time-zone code (high and low nibble) of a whole-hour offset: BCD hours west of
     * Greenwich 00..12, BCD (26 - hours) east of it 13..25; other codes (half hours, precision
     * classes, user-defined) give null.
     */
    private static ZoneOffset zone(int high, int low) {
        int value = bcd(high, low);
        if (value < 0 || value > 25) {
            return null;
        }
        return ZoneOffset.ofHours(value <= 12 ? -value : 26 - value);
    }

    private static int bcd(int tens, int units) {
        return tens > 9 || units > 9 ? -1 : tens * 10 + units;
    }

    private static int field(boolean[] bits, int first, int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v |= (bits[first + i] ? 1 : 0) << i;
        }
        return v;
    }

    /** The UTC a frame asserts: its day's start (from its date, else nearest the rough UTC) plus its count. */
    private static long utcNs(LtcTimecode tc, LtcFrameRate rate, long roughUtcNs) {
        long timeOfDayNs = rate.nsAtCount(tc.frameCount(rate));
        if (tc.dateOrNull() != null) {
            ZoneOffset zone = tc.zoneOrNull() == null ? ZoneOffset.UTC : tc.zoneOrNull();
            return tc.dateOrNull().atStartOfDay(zone).toEpochSecond() * NS_PER_S + timeOfDayNs;
        }
        long dayStartNs = Math.floorDiv(roughUtcNs - timeOfDayNs + NS_PER_DAY / 2, NS_PER_DAY) * NS_PER_DAY;
        return dayStartNs + timeOfDayNs;
    }
}
