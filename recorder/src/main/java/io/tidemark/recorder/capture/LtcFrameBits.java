package io.tidemark.recorder.capture;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The 80 bits of one SMPTE 12M LTC frame, as a generator sends them: BCD time, drop-frame flag,
 * date and time zone in the user bits (SMPTE 309M) with the binary-group flags saying so, the
 * biphase-mark parity bit, and the sync word. Bit 0 is sent first.
 */
final class LtcFrameBits {

    private static final int[] SYNC_WORD = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1};

    private LtcFrameBits() {
    }

    /**
     * Bits of the frame labelled {@code hh:mm:ss:ff}.
     *
     * @param dateOrNull the date carried in the user bits (with {@code zone}); null: user bits zero
     * @param twentyFive whether the frame runs at 25 fps, which moves the flag and parity bits
     */
    static boolean[] encode(int hours, int minutes, int seconds, int frames, boolean dropFrame,
                            LocalDate dateOrNull, ZoneOffset zone, boolean twentyFive) {
        boolean[] bits = new boolean[80];
        put(bits, 0, 4, frames % 10);
        put(bits, 8, 2, frames / 10);
        bits[10] = dropFrame;
        put(bits, 16, 4, seconds % 10);
        put(bits, 24, 3, seconds / 10);
        put(bits, 32, 4, minutes % 10);
        put(bits, 40, 3, minutes / 10);
        put(bits, 48, 4, hours % 10);
        put(bits, 56, 2, hours / 10);
        if (dateOrNull != null) {
            int year = dateOrNull.getYear() % 100;
            put(bits, 4, 4, dateOrNull.getDayOfMonth() % 10);
            put(bits, 12, 4, dateOrNull.getDayOfMonth() / 10);
            put(bits, 20, 4, dateOrNull.getMonthValue() % 10);
            put(bits, 28, 4, dateOrNull.getMonthValue() / 10);
            put(bits, 36, 4, year % 10);
            put(bits, 44, 4, year / 10);
            int zoneCode = zoneCode(zone);
            put(bits, 52, 4, zoneCode & 0xF);
            put(bits, 60, 4, zoneCode >> 4);
            // "Date and time zone set": BGF2 = 1, BGF0 = 0; BGF2 sits in bit 43 at 25 fps, else bit 59
            bits[twentyFive ? 43 : 59] = true;
        }
        // BGF1: the time code is locked to the wall clock, as from a GPS-disciplined generator
        bits[58] = true;
        for (int i = 0; i < 16; i++) {
            bits[64 + i] = SYNC_WORD[i] == 1;
        }
        // Even number of ones, so every frame starts at the same signal level
        int parityBit = twentyFive ? 59 : 27;
        int ones = 0;
        for (boolean b : bits) {
            ones += b ? 1 : 0;
        }
        bits[parityBit] = ones % 2 == 1;
        return bits;
    }

    /**
     * SMPTE 309M time-zone code of a whole-hour offset: BCD hours west of Greenwich (01..12), or
     * BCD (26 - hours) east of it (13..25); 00 is UTC.
     */
    static int zoneCode(ZoneOffset zone) {
        int seconds = zone.getTotalSeconds();
        if (seconds % 3600 != 0 || seconds < -12 * 3600 || seconds > 13 * 3600) {
            throw new IllegalArgumentException("LTC time zone must be a whole hour from -12 to +13: " + zone);
        }
        int hours = seconds / 3600;
        int value = hours <= 0 ? -hours : 26 - hours;
        return (value / 10) << 4 | value % 10;
    }

    private static void put(boolean[] bits, int first, int count, int value) {
        for (int i = 0; i < count; i++) {
            bits[first + i] = ((value >> i) & 1) == 1;
        }
    }
}
