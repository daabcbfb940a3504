package io.tidemark.recorder.capture;

import io.tidemark.recorder.capture.alsa.AlsaDevice;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Capture CPU of the two backends at 8 ch / 48 kHz in one run, on the PulseAudio rig (paced in real
 * time): the ALSA backend in f32, Java Sound in s32, one after the other in one child JVM, each read
 * loop measured by the process's CPU time (JVM housekeeping included for both alike).
 * Run without arguments: {@code java -cp <test classpath> io.tidemark.recorder.capture.AlsaCaptureCpuMain [seconds]}.
 */
public final class AlsaCaptureCpuMain {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("capture")) {
            int seconds = Integer.parseInt(args[1]);
            measure("ALSA backend, f32", AlsaDevice.opener("default", new CaptureFormat(8, 48_000, SampleEncoding.F32),
                    4_800), seconds);
            measure("Java Sound, s32", JavaSoundDevice.opener("default", new CaptureFormat(8, 48_000, 32), 4_800),
                    seconds);
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path log = Files.createTempFile("tidemark-cpu-", ".log");
        try (PulsePipeSource rig = new PulsePipeSource(8, 48_000);
             PacedFifoWriter writer = new PacedFifoWriter(rig.fifo, 8, 48_000, 2, 0).start()) {
            ChildJvm.Result r = ChildJvm.run(rig.env(), 2L * seconds + 120, log, AlsaCaptureCpuMain.class,
                    "capture", "" + seconds);
            System.out.print(r.output());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void measure(String label, DeviceOpener opener, int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (CaptureDevice device = opener.open()) {
            byte[] buf = new byte[4_800 * device.format().bytesPerFrame()];
            for (int i = 0; i < 10; i++) {
                device.read(buf, 4_800); // warm-up: JIT, the stream settling
            }
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long frames = 0;
            while (frames < seconds * 48_000L) {
                frames += device.read(buf, 4_800);
            }
            double cpuS = (os.getProcessCpuTime() - cpu0) / 1e9;
            double wallS = (System.nanoTime() - wall0) / 1e9;
            System.out.printf(Locale.ROOT, "%-20s %6.1f s of audio in %6.1f s: CPU %.3f s = %.2f %% of one core%n",
                    label, frames / 48_000.0, wallS, cpuS, 100 * cpuS / wallS);
        }
    }
}
