package io.tidemark.analysis.model;


import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The stored form of a {@link KnotCurve}, compact because a query reads it whole: a 120-day model has
 * ~3·10^5 clock knots, and on this project's machines reading 8.7 MB of them out of SQLite took ~10 ms
 * of kernel time alone, the whole budget of a query.
 *
 * <p>Knots are evenly spaced and the curves smooth, so x and y are stored as their first knot, then
 * zigzag varints of the first difference and of the second differences (1–3 bytes each instead of 8):
 * exact, in wrapping int64 arithmetic. Each knot's sigma is a float: 24 bits of mantissa are far finer
 * than any uncertainty means (3.76 µs is kept to 0.0002 ns).
 */
final class KnotCurveCodec {

    private KnotCurveCodec() {
    }

    static void write(ByteArrayOutputStream out, KnotCurve c) {
        int n = c.size();
        ByteBuffer head = ByteBuffer.allocate(4 + 8 + 8 + 8 + 8);
        head.putInt(n);
        head.putDouble(c.extrapolationSlopeSigma());
        head.putDouble(n == 1 ? c.slopeAt(c.firstX()) : 0);
        head.putLong(c.knotX(0));
        head.putLong(c.knotY(0));
        out.write(head.array(), 0, head.position());
        writeDifferences(out, n, c::knotX);
        writeDifferences(out, n, c::knotY);
        ByteBuffer sigmas = ByteBuffer.allocate(4 * n);
        for (int i = 0; i < n; i++) {
            sigmas.putFloat((float) c.knotSigma(i));
        }
        out.write(sigmas.array(), 0, sigmas.position());
    }

    /** Reads a curve at {@code in}'s position and moves it past. */
    static KnotCurve read(ByteBuffer in) {
        int n = in.getInt();
        double slopeSigma = in.getDouble();
        double single = in.getDouble();
        long[] x = new long[n];
        long[] y = new long[n];
        x[0] = in.getLong();
        y[0] = in.getLong();
        readDifferences(in, x);
        readDifferences(in, y);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = in.getFloat();
        }
        return n == 1 ? KnotCurve.line(x[0], y[0], single, s[0], slopeSigma) : new KnotCurve(x, y, s, slopeSigma);
    }

    private static void writeDifferences(ByteArrayOutputStream out, int n, java.util.function.IntToLongFunction v) {
        long previousDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = v.applyAsLong(i) - v.applyAsLong(i - 1);
            writeVarint(out, zigzag(delta - previousDelta));
            previousDelta = delta;
        }
    }

    private static void readDifferences(ByteBuffer in, long[] v) {
        byte[] b = in.array();
        int p = in.arrayOffset() + in.position();
        long delta = 0;
        for (int i = 1; i < v.length; i++) {
            long z = 0;
            int shift = 0;
            byte octet;
            do {
                octet = b[p++];
                z |= (long) (octet & 0x7f) << shift;
                shift += 7;
            } while (octet < 0);
            delta += (z >>> 1) ^ -(z & 1);
            v[i] = v[i - 1] + delta;
        }
        in.position(p - in.arrayOffset());
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static void writeVarint(ByteArrayOutputStream out, long z) {
        while ((z & ~0x7fL) != 0) {
            out.write((int) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }
}
