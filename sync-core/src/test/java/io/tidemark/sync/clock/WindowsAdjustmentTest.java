package io.tidemark.sync.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WindowsAdjustmentTest {

    @Test
    void zeroPpmIsTheIncrementItself() {
        assertEquals(156_250, WindowsAdjustment.adjustmentFor(0, 156_250));
    }

    @Test
    void positivePpmMakesTheClockFasterByExactlyThatFraction() {
        // 100 ppm of a 10 000 000-unit increment is 1000 units, not 64x or 1000x that
        assertEquals(10_001_000, WindowsAdjustment.adjustmentFor(100, 10_000_000));
        assertEquals(9_999_000, WindowsAdjustment.adjustmentFor(-100, 10_000_000));
        assertEquals(100.0, WindowsAdjustment.ppmFor(10_001_000, 10_000_000), 1e-9);
        assertEquals(-100.0, WindowsAdjustment.ppmFor(9_999_000, 10_000_000), 1e-9);
    }

    @Test
    void roundTripIsWithinOneUnitOfResolution() {
        long inc = 156_250;
        double res = WindowsAdjustment.resolutionPpm(inc);
        assertEquals(6.4, res, 1e-9);
        for (double ppm = -400; ppm <= 400; ppm += 13.7) {
            double back = WindowsAdjustment.ppmFor(WindowsAdjustment.adjustmentFor(ppm, inc), inc);
            assertEquals(ppm, back, res / 2 + 1e-9);
            assertEquals(Math.signum(ppm), Math.signum(back == 0 ? ppm : back));
        }
    }

    @Test
    void refusesANonPositiveIncrement() {
        assertThrows(IllegalArgumentException.class, () -> WindowsAdjustment.adjustmentFor(1, 0));
    }
}
