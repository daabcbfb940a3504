package io.tidemark.recorder.health;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevelMeterTest {

    static final int RATE_HZ = 48_000;

    /** Interleaved frames: channel c is a 1 kHz sine of amplitude amp[c] (fraction of full scale) plus dc[c]. */
    static byte[] sines(int frames, double[] amp, double[] dc, int bytesPerSample, boolean floatSamples) {
        int channels = amp.length;
        ByteBuffer b = ByteBuffer.allocate(frames * channels * bytesPerSample).order(ByteOrder.LITTLE_ENDIAN);
        double fullScale = floatSamples ? 1.0 : (1L << (8 * bytesPerSample - 1));
        long maxCode = (1L << (8 * bytesPerSample - 1)) - 1;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                double x = amp[c] * Math.sin(2 * Math.PI * 1000.0 * f / RATE_HZ) + dc[c];
                if (floatSamples) {
                    b.putFloat((float) x);
                } else {
                    long code = Math.max(-maxCode - 1, Math.min(maxCode, Math.round(x * fullScale)));
                    for (int k = 0; k < bytesPerSample; k++) {
                        b.put((byte) (code >>> (8 * k)));
                    }
                }
            }
        }
        return b.array();
    }

    @Test
    void sineLevelsMatchTheoryInEveryFormat() {
        double[] amp = {1.0, 0.1, 0.01, 0.0};
        double[] dc = {0, 0, 0.05, 0};
        for (int[] fmt : new int[][]{{2, 0}, {3, 0}, {4, 0}, {4, 1}}) {
            LevelMeter m = new LevelMeter(4, fmt[0], fmt[1] == 1);
            byte[] buf = sines(4800, amp, dc, fmt[0], fmt[1] == 1);
            m.add(buf, 2400);
            m.add(java.util.Arrays.copyOfRange(buf, 2400 * 4 * fmt[0], buf.length), 2400);
            ChannelLevel[] l = m.takeWindow();
            String what = fmt[0] + " bytes" + (fmt[1] == 1 ? " float" : "");
            double tol = fmt[0] == 2 ? 0.01 : 0.001;
            assertEquals(0.0, l[0].peakDbfs(), tol, what);
            assertEquals(-3.0103, l[0].rmsDbfs(), tol, what);
            assertEquals(-20.0, l[1].peakDbfs(), tol, what);
            assertEquals(-23.0103, l[1].rmsDbfs(), tol, what);
            // a sine with DC: RMS^2 = A^2/2 + dc^2
            assertEquals(20 * Math.log10(Math.sqrt(0.01 * 0.01 / 2 + 0.05 * 0.05)), l[2].rmsDbfs(), 0.01, what);
            assertEquals(0.05, l[2].dcOffsetFullScale(), 1e-4, what);
            assertEquals(ChannelLevel.SILENCE_DBFS, l[3].rmsDbfs(), what);
            assertEquals(ChannelLevel.SILENCE_DBFS, l[3].peakDbfs(), what);
            assertEquals(4800, l[0].samples());
            assertEquals(0, l[1].clippedSamples(), what);
            assertTrue(l[0].clippedSamples() > 0, what + ": a full-scale sine touches the extreme codes");
        }
    }

    @Test
    void floatAboveFullScaleIsMeasuredAndCountedAsClipped() {
        LevelMeter m = new LevelMeter(1, 4, true);
        byte[] buf = sines(480, new double[]{2.0}, new double[]{0}, 4, true);
        m.add(buf, 480);
        ChannelLevel l = m.takeWindow()[0];
        assertEquals(20 * Math.log10(2.0), l.peakDbfs(), 0.001, "+6 dBFS is kept, not clipped away");
        long expected = 0;
        for (int f = 0; f < 480; f++) {
            if (Math.abs((float) (2.0 * Math.sin(2 * Math.PI * 1000.0 * f / RATE_HZ))) >= 1.0f) {
                expected++;
            }
        }
        assertEquals(expected, l.clippedSamples());
    }

    @Test
    void aWindowStartsAfresh() {
        LevelMeter m = new LevelMeter(1, 2, false);
        m.add(sines(480, new double[]{0.5}, new double[]{0}, 2, false), 480);
        m.takeWindow();
        m.add(sines(480, new double[]{0.001}, new double[]{0}, 2, false), 480);
        assertEquals(-60.0, m.takeWindow()[0].peakDbfs(), 0.1);
        ChannelLevel empty = m.takeWindow()[0];
        assertEquals(0, empty.samples());
        assertEquals(ChannelLevel.SILENCE_DBFS, empty.rmsDbfs());
    }

    @Test
    void silenceIsReportedOnceAfterItHasLastedAndOnceWhenItEnds() {
        long s = 1_000_000_000L;
        SilenceDetector d = new SilenceDetector(-80, 600 * s);
        int changes = 0;
        for (int t = 1; t <= 100; t++) {
            assertTrue(d.window(t * s, -40, s).isEmpty());
        }
        for (int t = 101; t <= 699; t++) {
            assertTrue(d.window(t * s, -120, s).isEmpty(), "not yet 600 s at " + t);
        }
        var on = d.window(700 * s, -120, s).orElseThrow();
        assertTrue(on.silent());
        assertEquals(100 * s, on.atNs(), "silence is dated from its start");
        for (int t = 701; t <= 800; t++) {
            assertTrue(d.window(t * s, -120, s).isEmpty());
        }
        var off = d.window(801 * s, -40, s).orElseThrow();
        assertFalse(off.silent());
        assertEquals(800 * s, off.atNs());
        assertFalse(d.silent());
    }
}
