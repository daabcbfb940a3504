package io.tidemark.analysis.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnotCurveCodecTest {

    @Test
    void xAndYComeBackExactlyAndSigmaToFloatPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 20_000;
        long[] x = new long[n];
        long[] y = new long[n];
        double[] s = new double[n];
        x[0] = -5_000_000_000L;
        y[0] = 1_795_000_000_000_000_000L; // UTC ns of 2026: the second differences must stay exact
        for (int i = 1; i < n; i++) {
            x[i] = x[i - 1] + 1_536_000 + random.nextInt(-3, 4);
            y[i] = y[i - 1] + 32_000_640_000L + random.nextLong(-5_000_000, 5_000_000);
            s[i] = 3_760 * random.nextDouble() + 1e-3;
        }
        x[n - 1] = Long.MAX_VALUE - 1; // a jump the differences must survive (wrapping arithmetic)
        y[n - 1] = Long.MIN_VALUE + 3;
        KnotCurve c = new KnotCurve(x, y, s, 2.5e-9);
        KnotCurve back = roundTrip(c, 2);
        assertEquals(n, back.size());
        assertEquals(c.extrapolationSlopeSigma(), back.extrapolationSlopeSigma());
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], back.knotX(i), "x of knot " + i);
            assertEquals(y[i], back.knotY(i), "y of knot " + i);
            assertEquals(s[i], back.knotSigma(i), s[i] * 1e-7, "sigma of knot " + i);
        }
    }

    @Test
    void aSingleKnotKeepsItsSlope() {
        KnotCurve c = KnotCurve.line(48_000, 1_000_000_000L, 20_833.75, 12.5, 1e-6);
        KnotCurve back = roundTrip(c, 1);
        assertEquals(1, back.size());
        assertEquals(c.slopeAt(0), back.slopeAt(0));
        assertEquals(c.valueAt(96_000), back.valueAt(96_000));
        assertEquals(12.5, back.knotSigma(0));
    }

    @Test
    void evenlySpacedKnotsTakeFewBytes() {
        int n = 10_000;
        long[] x = new long[n];
        long[] y = new long[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1_536_000L;
            y[i] = i * 32_000_640_001L;
            s[i] = 3_000;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KnotCurveCodec.write(out, new KnotCurve(x, y, s, 0));
        assertTrue(out.size() < 7 * n, out.size() + " bytes for " + n + " knots (24 bytes a knot before)");
    }

    /** Writes {@code copies} curves back to back and reads the last, so each read must end where the next begins. */
    private static KnotCurve roundTrip(KnotCurve c, int copies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < copies; k++) {
            KnotCurveCodec.write(out, c);
        }
        ByteBuffer in = ByteBuffer.wrap(out.toByteArray());
        KnotCurve last = null;
        for (int k = 0; k < copies; k++) {
            last = KnotCurveCodec.read(in);
        }
        assertEquals(0, in.remaining(), "read to the end");
        return last;
    }
}
