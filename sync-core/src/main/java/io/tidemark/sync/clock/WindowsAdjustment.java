package io.tidemark.sync.clock;

/**
 * Scaling between a frequency offset in ppm and Windows' Get/SetSystemTimeAdjustmentPrecise values.
 * Microsoft documents the adjustment as the "adjusted clock update frequency" and the increment as
 * the "clock update frequency", in the same units: at each clock update Windows adds
 * {@code adjustment} where {@code increment} really passed. So the rate is adjustment / increment,
 * and a clock that should run {@code ppm} faster gets {@code increment × (1 + ppm·1e-6)}.
 * Scaling against the increment the system reports (never a constant such as 10 000 000 or
 * 156 250) is what keeps a 64× or 1000× runaway out.
 */
public final class WindowsAdjustment {

    private WindowsAdjustment() {
    }

    /** The adjustment value that makes the clock run {@code ppm} fast (negative: slow). */
    public static long adjustmentFor(double ppm, long incrementUnits) {
        if (incrementUnits <= 0) {
            throw new IllegalArgumentException("clock increment must be positive, got " + incrementUnits);
        }
        return Math.round(incrementUnits * (1.0 + ppm * 1e-6));
    }

    /** The frequency offset, ppm, that an adjustment produces. */
    public static double ppmFor(long adjustmentUnits, long incrementUnits) {
        if (incrementUnits <= 0) {
            throw new IllegalArgumentException("clock increment must be positive, got " + incrementUnits);
        }
        return (adjustmentUnits - incrementUnits) * 1e6 / incrementUnits;
    }

    /** The smallest frequency step the adjustment can express, ppm. */
    public static double resolutionPpm(long incrementUnits) {
        return 1e6 / incrementUnits;
    }
}
