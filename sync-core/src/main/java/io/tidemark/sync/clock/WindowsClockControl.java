package io.tidemark.sync.clock;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * Windows system time steered through kernel32 Get/SetSystemTimeAdjustmentPrecise (Windows 10+).
 * Needs SE_SYSTEMTIME_NAME. The ppm ↔ adjustment scaling is {@link WindowsAdjustment}. Steps are
 * not offered on Windows: phase is slewed through the frequency only.
 */
public final class WindowsClockControl implements ClockControl {

    interface Kernel32 extends StdCallLibrary {
        boolean GetSystemTimeAdjustmentPrecise(LongByReference timeAdjustment, LongByReference timeIncrement,
                                               IntByReference timeAdjustmentDisabled);

        boolean SetSystemTimeAdjustmentPrecise(long timeAdjustment, WinDef.BOOL timeAdjustmentDisabled);
    }

    /** Windows refuses adjustments beyond a few percent; we never ask for more than this. */
    static final double MAX_FREQUENCY_PPM = 500.0;

    private final Kernel32 kernel32;
    private final long incrementUnits;

    public WindowsClockControl() {
        this.kernel32 = Native.load("kernel32", Kernel32.class);
        LongByReference adj = new LongByReference();
        LongByReference inc = new LongByReference();
        IntByReference disabled = new IntByReference();
        if (!kernel32.GetSystemTimeAdjustmentPrecise(adj, inc, disabled)) {
            throw new IllegalStateException("GetSystemTimeAdjustmentPrecise failed: error " + Native.getLastError());
        }
        this.incrementUnits = inc.getValue();
    }

    @Override
    public String name() {
        return "windows SetSystemTimeAdjustmentPrecise";
    }

    @Override
    public double frequencyPpm() {
        LongByReference adj = new LongByReference();
        LongByReference inc = new LongByReference();
        IntByReference disabled = new IntByReference();
        if (!kernel32.GetSystemTimeAdjustmentPrecise(adj, inc, disabled)) {
            throw new IllegalStateException("GetSystemTimeAdjustmentPrecise failed: error " + Native.getLastError());
        }
        return disabled.getValue() != 0 ? 0.0 : WindowsAdjustment.ppmFor(adj.getValue(), inc.getValue());
    }

    @Override
    public double setFrequencyPpm(double ppm) {
        double clamped = Math.max(-MAX_FREQUENCY_PPM, Math.min(MAX_FREQUENCY_PPM, ppm));
        long adjustment = WindowsAdjustment.adjustmentFor(clamped, incrementUnits);
        if (!kernel32.SetSystemTimeAdjustmentPrecise(adjustment, new WinDef.BOOL(false))) {
            throw new IllegalStateException("SetSystemTimeAdjustmentPrecise failed: error " + Native.getLastError()
                    + " (needs the SE_SYSTEMTIME_NAME privilege)");
        }
        return WindowsAdjustment.ppmFor(adjustment, incrementUnits);
    }

    @Override
    public void stepNs(long deltaNs) {
        throw new UnsupportedOperationException("stepping the Windows clock is not supported; set it before recording");
    }

    @Override
    public double maxFrequencyPpm() {
        return MAX_FREQUENCY_PPM;
    }
}
