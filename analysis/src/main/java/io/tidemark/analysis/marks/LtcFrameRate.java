package io.tidemark.analysis.marks;

/** SMPTE LTC frame rates; 29.97 carries drop-frame or non-drop labels, as its bit 10 says. */
public enum LtcFrameRate {
    FPS_24(24, 1), FPS_25(25, 1), FPS_29_97(30000, 1001), FPS_30(30, 1);

    private final int numerator;
    private final int denominator;

    LtcFrameRate(int numerator, int denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    public double framesPerSecond() {
        return (double) numerator / denominator;
    }

    /** Frame numbers per labelled second: 30 at 29.97. */
    public int labelsPerSecond() {
        return (numerator + denominator - 1) / denominator;
    }

    /** Nanoseconds from the start of the day's count to the start of frame {@code count}, rounded. */
    long nsAtCount(long count) {
        long scaled = count * 1_000_000_000L * denominator;
        return (scaled + numerator / 2) / numerator;
    }

    /** The rate nearest to {@code framesPerSecond}, or null when none is within 0.5 %. */
    static LtcFrameRate nearest(double framesPerSecond) {
        LtcFrameRate best = null;
        for (LtcFrameRate r : values()) {
            double error = Math.abs(framesPerSecond / r.framesPerSecond() - 1);
            if (error < 0.005 && (best == null || error < Math.abs(framesPerSecond / best.framesPerSecond() - 1))) {
                best = r;
            }
        }
        return best;
    }
}
