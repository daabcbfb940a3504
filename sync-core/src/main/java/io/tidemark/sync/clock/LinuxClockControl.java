package io.tidemark.sync.clock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import io.tidemark.sync.linux.Libc;
import io.tidemark.sync.linux.Timex;

/**
 * CLOCK_REALTIME steered through clock_adjtime(2). Frequency in scaled ppm (ADJ_FREQUENCY), steps
 * with ADJ_SETOFFSET | ADJ_NANO. The kernel's own PLL is switched off (STA_PLL cleared) when we take
 * control, so only our frequency acts. {@link #read()} uses modes = 0 and needs no privilege.
 */
public final class LinuxClockControl implements ClockControl {

    static final int ADJ_OFFSET = 0x0001;
    static final int ADJ_FREQUENCY = 0x0002;
    static final int ADJ_STATUS = 0x0010;
    static final int ADJ_SETOFFSET = 0x0100;
    static final int ADJ_NANO = 0x2000;
    /** The kernel clamps freq to ±500 ppm (MAXFREQ). */
    static final double MAX_FREQUENCY_PPM = 500.0;

    public static boolean isAvailable() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            read();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The kernel's discipline state, read-only (modes = 0): works without privileges. */
    public static TimexReading read() {
        Timex tx = new Timex();
        tx.modes = 0;
        int state = call(tx);
        return new TimexReading(state, Timex.scaledToPpm(tx.freq), tx.offset, tx.status, tx.maxerror, tx.esterror,
                tx.tick, tx.tai);
    }

    private static int call(Timex tx) {
        try {
            int r = Libc.clock_adjtime(Libc.CLOCK_REALTIME, tx);
            tx.read();
            return r;
        } catch (LastErrorException e) {
            throw new IllegalStateException("clock_adjtime failed: errno " + e.getErrorCode()
                    + (e.getErrorCode() == 1 ? " (EPERM: needs CAP_SYS_TIME)" : ""), e);
        }
    }

    private boolean pllCleared;

    @Override
    public String name() {
        return "linux clock_adjtime(CLOCK_REALTIME)";
    }

    @Override
    public double frequencyPpm() {
        return read().frequencyPpm();
    }

    @Override
    public synchronized double setFrequencyPpm(double ppm) {
        double clamped = Math.max(-MAX_FREQUENCY_PPM, Math.min(MAX_FREQUENCY_PPM, ppm));
        Timex tx = new Timex();
        tx.modes = ADJ_FREQUENCY;
        tx.freq = Timex.ppmToScaled(clamped);
        if (!pllCleared) {
            TimexReading now = read();
            tx.modes |= ADJ_STATUS;
            tx.status = now.status() & ~TimexReading.STA_PLL;
            pllCleared = true;
        }
        call(tx);
        return clamped;
    }

    @Override
    public synchronized void stepNs(long deltaNs) {
        Timex tx = new Timex();
        tx.modes = ADJ_SETOFFSET | ADJ_NANO;
        tx.timeSec = Math.floorDiv(deltaNs, 1_000_000_000L);
        tx.timeUsec = Math.floorMod(deltaNs, 1_000_000_000L); // ns with ADJ_NANO; must be non-negative
        call(tx);
    }

    @Override
    public double maxFrequencyPpm() {
        return MAX_FREQUENCY_PPM;
    }
}
