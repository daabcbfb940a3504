package io.tidemark.recorder.capture;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReferenceSignalTest {

    /** 50 kHz: 20 000 ns a sample, so whole UTC seconds fall on whole samples. */
    private static final int RATE_HZ = 50_000;
    private static final long START_NS = 1_780_000_000L * 1_000_000_000L;
    private static final LongUnaryOperator EXACT_CLOCK = k -> START_NS + k * 20_000L;

    @Test
    void anEdgeIsCentredOnItsInstantAndTheLatencyDelaysIt() {
        // DC coupled, practically noise-free: the band-limited step is antisymmetric about its instant
        ReferenceSignal onTime = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 0, 300, 0), 1);
        float[] x = new float[2 * RATE_HZ];
        onTime.fill(EXACT_CLOCK, 0, x, 0, x.length);
        int edge = RATE_HZ; // UTC second START + 1 s
        assertEquals(0.25, x[edge], 1e-6);
        for (int j = 1; j < 40; j++) {
            assertEquals(0.5, x[edge + j] + x[edge - j], 1e-5, "antisymmetry at " + j);
        }
        assertEquals(0.5, x[edge + 100], 1e-5, "settled high");
        assertEquals(0.0, x[edge + RATE_HZ / 10 + 100], 1e-5, "low again after the 100 ms pulse");

        // Half a sample of latency: the instant moves half a sample later
        ReferenceSignal late = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, 0, 300, 10_000), 1);
        late.fill(EXACT_CLOCK, 0, x, 0, x.length);
        for (int j = 0; j < 40; j++) {
            assertEquals(0.5, x[edge + 1 + j] + x[edge - j], 1e-5, "antisymmetry about edge + 0.5 at " + j);
        }
    }

    @Test
    void acCouplingDroopsAndNoiseHasTheSetLevel() {
        double acHz = 3;
        ReferenceSignal pps = ReferenceSignal.pps(RATE_HZ, new ReferenceSignal.AnaloguePath(0.5, acHz, 40, 0), 9);
        float[] x = new float[3 * RATE_HZ];
        pps.fill(EXACT_CLOCK, 0, x, 0, x.length);
        int edge = 2 * RATE_HZ;
        double tauS = 1 / (2 * Math.PI * acHz);
        // 90 ms into the pulse the high level has decayed by exp(-t/tau)
        double mean = 0;
        for (int k = edge + 4450; k < edge + 4550; k++) {
            mean += x[k] / 100.0;
        }
        assertEquals(0.5 * Math.exp(-0.09 / tauS), mean, 0.002, "droop");
        // Noise: step amplitude 0.5 at 40 dB is 5e-3 RMS; measured on first differences, late in the low level
        double squares = 0;
        int n = 0;
        for (int k = edge + 30_000; k < edge + 49_000; k++) {
            double d = x[k] - x[k - 1];
            squares += d * d;
            n++;
        }
        assertEquals(5e-3, Math.sqrt(squares / n / 2), 5e-3 * 0.05, "noise RMS");
    }

    @Test
    void anyBlockIsTheSameSamplesWhateverTheBlocking() {
        ReferenceSignal ltc = ReferenceSignal.ltc(RATE_HZ, ReferenceSignal.LtcRate.FPS_29_97_DF, ZoneOffset.ofHours(-5), true,
                new ReferenceSignal.AnaloguePath(0.4, 5, 30, 1_234_567), 42);
        LongUnaryOperator drifting = k -> START_NS + Math.round(k * 20_000 * (1 - 37e-6));
        float[] whole = new float[RATE_HZ];
        ltc.fill(drifting, 500_000, whole, 0, whole.length);
        float[] pieces = new float[RATE_HZ];
        int[] sizes = {1, 999, 4096, 17, 30_000};
        int at = 0;
        for (int i = 0; at < pieces.length; i++) {
            int n = Math.min(sizes[i % sizes.length], pieces.length - at);
            ltc.fill(drifting, 500_000 + at, pieces, at, n);
            at += n;
        }
        assertArrayEquals(whole, pieces, 1e-6f);
    }

    @Test
    void ltcZoneCodesFollowSmpte309m() {
        assertEquals(0x00, LtcFrameBits.zoneCode(ZoneOffset.UTC));
        assertEquals(0x05, LtcFrameBits.zoneCode(ZoneOffset.ofHours(-5)));
        assertEquals(0x12, LtcFrameBits.zoneCode(ZoneOffset.ofHours(-12)));
        assertEquals(0x25, LtcFrameBits.zoneCode(ZoneOffset.ofHours(1)));
        assertEquals(0x13, LtcFrameBits.zoneCode(ZoneOffset.ofHours(13)));
        assertThrows(IllegalArgumentException.class, () -> LtcFrameBits.zoneCode(ZoneOffset.ofHoursMinutes(5, 30)));
    }
}
