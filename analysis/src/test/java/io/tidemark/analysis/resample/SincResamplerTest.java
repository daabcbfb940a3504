package io.tidemark.analysis.resample;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resampler against sox's very-high-quality linear-phase resampler, and against the exact sine. */
class SincResamplerTest {

    // A device running 50 ppm fast: 48002.4 samples per UTC second, resampled onto exact 48 kHz.
    private static final double IN_RATE = 48_002.4;
    private static final double OUT_RATE = 48_000;

    @Test
    void matchesSoxVeryHighQualityBetterThanMinus90dB() throws Exception {
        Path dir = Files.createTempDirectory("tidemark-resample-");
        try {
            int n = (int) (IN_RATE * 4);
            float[] in = new float[n];
            for (int i = 0; i < n; i++) {
                in[i] = (float) (0.5 * Math.sin(2 * Math.PI * 997.0 * i / IN_RATE));
            }
            Path raw = dir.resolve("in.f32");
            Files.write(raw, toBytes(in));
            Path soxOut = dir.resolve("sox.f32");
            Process p = new ProcessBuilder("sox", "-t", "f32", "-c", "1", "-r", Double.toString(IN_RATE), raw.toString(),
                    "-t", "f32", "-r", Double.toString(OUT_RATE), soxOut.toString(), "rate", "-v", "-L")
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "sox failed: " + log);
            float[] ref = fromBytes(Files.readAllBytes(soxOut));

            SincResampler r = SincResampler.highQuality();
            double[] kernel = new double[r.taps()];
            double[] value = new double[1];
            int pad = r.halfWidth() + 1;
            float[] padded = new float[n + 2 * pad];
            System.arraycopy(in, 0, padded, pad, n);
            double errSq = 0;
            double sigSq = 0;
            double exactErrSq = 0;
            // Compare away from the ends, where both resamplers see the whole filter.
            for (int k = 4800; k < ref.length - 4800; k++) {
                double pos = k * IN_RATE / OUT_RATE;
                r.framesAt(padded, 1, pad + pos, kernel, value);
                double ours = value[0];
                double exact = 0.5 * Math.sin(2 * Math.PI * 997.0 * k / OUT_RATE);
                errSq += (ours - ref[k]) * (ours - ref[k]);
                exactErrSq += (ours - exact) * (ours - exact);
                sigSq += ref[k] * ref[k];
            }
            double db = 10 * Math.log10(errSq / sigSq);
            double exactDb = 10 * Math.log10(exactErrSq / sigSq);
            System.out.printf("resampler vs sox rate -v -L: %.1f dB; vs exact sine: %.1f dB%n", db, exactDb);
            assertTrue(db < -90, "difference to sox is " + db + " dB");
            assertTrue(exactDb < -100, "difference to the exact sine is " + exactDb + " dB");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void integerPositionsReturnTheSamplesThemselves() {
        SincResampler r = SincResampler.highQuality();
        float[] in = new float[400];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i * 0.3) * 0.7f;
        }
        double[] kernel = new double[r.taps()];
        double[] value = new double[1];
        for (int i = 100; i < 300; i++) {
            r.framesAt(in, 1, i, kernel, value);
            assertEquals(in[i], value[0], 1e-5);
        }
    }

    @Test
    void eachInterleavedChannelIsResampledAsIfItWereAlone() {
        SincResampler r = SincResampler.highQuality();
        int channels = 3;
        float[] in = new float[600 * channels];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) Math.sin(i * 0.37) * 0.6f;
        }
        float[][] alone = new float[channels][600];
        for (int i = 0; i < in.length; i++) {
            alone[i % channels][i / channels] = in[i];
        }
        double[] kernel = new double[r.taps()];
        double[] frame = new double[channels];
        double[] mono = new double[1];
        for (double pos = 100.0; pos < 500; pos += 7.123456) {
            r.framesAt(in, channels, pos, kernel, frame);
            for (int c = 0; c < channels; c++) {
                r.framesAt(alone[c], 1, pos, kernel, mono);
                assertEquals(mono[0], frame[c], 1e-12, "channel " + c + " at " + pos);
            }
        }
    }

    private static byte[] toBytes(float[] a) {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : a) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static float[] fromBytes(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[bytes.length / 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getFloat();
        }
        return a;
    }
}
