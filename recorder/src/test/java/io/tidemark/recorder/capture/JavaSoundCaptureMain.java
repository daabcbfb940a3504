package io.tidemark.recorder.capture;


import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.SystemClock;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM side of the Java Sound tests: captures through {@link JavaSoundDevice} and writes the raw
 * bytes and one stamp per read ({@code end_frame,realtime_ns,mono_raw_ns,overrun}).
 * Args: device channels rateHz bits bufferFrames totalFrames out.raw stamps.csv.
 * A {@link CaptureException} prints as {@code USER_ERROR: one line} and exits 2.
 */
public final class JavaSoundCaptureMain {

    public static void main(String[] a) throws Exception {
        String device = a[0];
        CaptureFormat format = new CaptureFormat(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]));
        int bufferFrames = Integer.parseInt(a[4]);
        long totalFrames = Long.parseLong(a[5]);
        SystemClock clock = SystemClock.platform();
        DeviceOpener opener;
        try {
            opener = JavaSoundDevice.opener(device, format, bufferFrames);
        } catch (CaptureException e) {
            System.out.println("USER_ERROR: " + e.oneLine());
            System.exit(2);
            return;
        }
        byte[] buf = new byte[bufferFrames * format.bytesPerFrame()];
        long overruns = 0;
        try (CaptureDevice dev = opener.open();
             OutputStream raw = new BufferedOutputStream(Files.newOutputStream(Path.of(a[6])), 1 << 20);
             PrintWriter stamps = new PrintWriter(Files.newBufferedWriter(Path.of(a[7])))) {
            System.out.println("opened " + dev.name() + " line buffer "
                    + ((JavaSoundDevice) dev).lineBufferBytes() + " bytes");
            long done = 0;
            while (done < totalFrames) {
                int n = dev.read(buf, bufferFrames);
                ClockReading r = clock.read();
                boolean overrun = dev.takeOverrun();
                overruns += overrun ? 1 : 0;
                done += n;
                raw.write(buf, 0, n * format.bytesPerFrame());
                stamps.println(done + "," + r.realtimeNs() + "," + r.monoRawNs() + "," + (overrun ? 1 : 0));
            }
        }
        System.out.println("done, overruns " + overruns);
    }
}
