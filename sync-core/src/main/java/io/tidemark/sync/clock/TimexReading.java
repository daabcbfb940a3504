package io.tidemark.sync.clock;

/**
 * A read-only snapshot of the kernel's clock discipline state (adjtimex with modes = 0).
 *
 * @param state        return value: 0 TIME_OK, 1 INS, 2 DEL, 3 OOP, 4 WAIT, 5 ERROR (unsynchronised)
 * @param frequencyPpm freq, converted from scaled ppm
 * @param offset       the kernel PLL's remaining offset (µs, or ns when STA_NANO)
 * @param status       STA_* bits
 * @param maxErrorUs   maxerror
 * @param estErrorUs   esterror
 * @param tickUs       tick length, µs
 * @param taiOffsetS   TAI − UTC as the kernel knows it (0 if never set)
 */
public record TimexReading(int state, double frequencyPpm, long offset, int status, long maxErrorUs,
                           long estErrorUs, long tickUs, int taiOffsetS) {

    public static final int STA_PLL = 0x0001;
    public static final int STA_UNSYNC = 0x0040;
    public static final int STA_NANO = 0x2000;

    public boolean unsynchronised() {
        return (status & STA_UNSYNC) != 0;
    }

    public boolean kernelPllOn() {
        return (status & STA_PLL) != 0;
    }
}
