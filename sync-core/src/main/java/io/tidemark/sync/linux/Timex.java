package io.tidemark.sync.linux;

import com.sun.jna.Structure;

/**
 * struct timex of LP64 Linux (x86-64, arm64): the argument of adjtimex and clock_adjtime. JNA's
 * natural alignment reproduces the kernel's padding (208 bytes).
 */
@Structure.FieldOrder({"modes", "offset", "freq", "maxerror", "esterror", "status", "constant", "precision",
        "tolerance", "timeSec", "timeUsec", "tick", "ppsfreq", "jitter", "shift", "stabil", "jitcnt", "calcnt",
        "errcnt", "stbcnt", "tai", "padding"})
public final class Timex extends Structure {
    public int modes;
    public long offset;
    /** Frequency offset, ppm with a 16-bit fraction (65536 = 1 ppm). */
    public long freq;
    public long maxerror;
    public long esterror;
    public int status;
    public long constant;
    public long precision;
    public long tolerance;
    public long timeSec;
    /** µs, or ns when ADJ_NANO / STA_NANO. */
    public long timeUsec;
    public long tick;
    public long ppsfreq;
    public long jitter;
    public int shift;
    public long stabil;
    public long jitcnt;
    public long calcnt;
    public long errcnt;
    public long stbcnt;
    public int tai;
    public int[] padding = new int[11];

    public static final double SCALED_PPM_PER_PPM = 65536.0;

    public static long ppmToScaled(double ppm) {
        return Math.round(ppm * SCALED_PPM_PER_PPM);
    }

    public static double scaledToPpm(long scaled) {
        return scaled / SCALED_PPM_PER_PPM;
    }
}
