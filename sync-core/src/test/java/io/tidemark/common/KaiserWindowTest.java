package io.tidemark.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KaiserWindowTest {

    @Test
    void besselI0MatchesTabulatedValues() {
        // Abramowitz & Stegun, table 9.8 / standard values of I0
        assertEquals(1.0, KaiserWindow.besselI0(0), 0);
        assertEquals(1.2660658777520082, KaiserWindow.besselI0(1), 1e-15);
        assertEquals(27.239871823604442, KaiserWindow.besselI0(5), 1e-12);
        assertEquals(2815.716628466254, KaiserWindow.besselI0(10), 1e-9);
    }

    @Test
    void theWindowIsOneInTheMiddleSymmetricAndZeroOutside() {
        assertEquals(1.0, KaiserWindow.at(0, 8.6), 1e-15);
        assertEquals(KaiserWindow.at(-0.3, 8.6), KaiserWindow.at(0.3, 8.6), 0);
        assertEquals(1 / KaiserWindow.besselI0(8.6), KaiserWindow.at(0.99999999999, 8.6), 1e-9);
        assertEquals(0, KaiserWindow.at(1, 8.6));
        assertEquals(0, KaiserWindow.at(-1.5, 8.6));
    }
}
