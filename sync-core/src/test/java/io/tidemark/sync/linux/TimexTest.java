package io.tidemark.sync.linux;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimexTest {

    @Test
    void scaledPpmHasASixteenBitFraction() {
        assertEquals(65536, Timex.ppmToScaled(1.0));
        assertEquals(-32768, Timex.ppmToScaled(-0.5));
        assertEquals(12.5, Timex.scaledToPpm(819200), 1e-12);
    }

    @Test
    void timexHasTheKernelsSize() {
        assertEquals(208, new Timex().size());
    }
}
