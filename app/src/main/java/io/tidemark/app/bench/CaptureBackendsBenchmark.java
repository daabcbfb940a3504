package io.tidemark.app.bench;

import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceOpener;
import io.tidemark.recorder.capture.JavaSoundDevice;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.capture.TimedCaptureDevice;
import io.tidemark.recorder.capture.alsa.AlsaDevice;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.fit.WindowFit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code tidemark bench capture-backends [--alsa NAME] [--javasound NAME] [--seconds 30] [--channels 8]
 * [--rate 48000] [--json]}: the native ALSA backend (f32) against Java Sound (s32) on the same source,
 * one after the other in this JVM, in real time: the capture thread's CPU, and the buffer stamps'
 * scatter above their lower envelope (median, p99) with the rate they show. The stamp is what the
 * recorder stores: ALSA's arrival (kernel htstamp, or read return less the fill), Java Sound's read
 * return. On the field machine give the real device twice (e.g. {@code --alsa F8 --javasound F8});
 * the tests run it on a paced PulseAudio source. Target: ALSA's CPU at most Java Sound's.
 */
public final class CaptureBackendsBenchmark {

    static final int BUFFER_MS = 100;
    static final int WARM_UP_READS = 10;

    /** One backend's figures. */
    public record Run(String backend, String device, String format, double audioSeconds, double captureCpuPercent,
                      double processCpuPercent, double ratePpm, double stampMedianAboveEnvelopeMs,
                      double stampP99AboveEnvelopeMs, int stamps) {
    }

    private CaptureBackendsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String alsa = "default";
        String javaSound = "default";
        int seconds = 30;
        int channels = 8;
        int rateHz = 48_000;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--json" -> json = true;
                case "--alsa" -> alsa = value(a, hasValue, args, ++i);
                case "--javasound" -> javaSound = value(a, hasValue, args, ++i);
                case "--seconds" -> seconds = number(a, hasValue, args, ++i);
                case "--channels" -> channels = number(a, hasValue, args, ++i);
                case "--rate" -> rateHz = number(a, hasValue, args, ++i);
                default -> throw new UserError("tidemark bench capture-backends does not know '" + a + "'",
                        "use --alsa NAME, --javasound NAME, --seconds N, --channels N, --rate HZ, --json");
            }
        }
        int bufferFrames = rateHz * BUFFER_MS / 1000;
        CaptureFormat f32 = new CaptureFormat(channels, rateHz, SampleEncoding.F32);
        CaptureFormat s32 = new CaptureFormat(channels, rateHz, SampleEncoding.S32);
        List<Run> runs = new ArrayList<>();
        runs.add(measure("alsa", alsa, AlsaDevice.opener(alsa, f32, bufferFrames), bufferFrames, seconds));
        runs.add(measure("javasound", javaSound, JavaSoundDevice.opener(javaSound, s32, bufferFrames), bufferFrames,
                seconds));
        if (json) {
            System.out.println(Json.write(runs));
            return;
        }
        System.out.printf(Locale.ROOT, "capture backends, %d ch, %d Hz, %d ms reads, %d s each, one after the other%n",
                channels, rateHz, BUFFER_MS, seconds);
        System.out.println("| backend | device | format | capture thread CPU | process CPU | rate seen | stamp above envelope median / p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f %% | %.2f %% | %+.2f ppm | %.2f / %.2f ms |%n",
                    r.backend(), r.device(), r.format(), r.captureCpuPercent(), r.processCpuPercent(), r.ratePpm(),
                    r.stampMedianAboveEnvelopeMs(), r.stampP99AboveEnvelopeMs());
        }
        System.out.println("target: ALSA's capture CPU at most Java Sound's");
    }

    static Run measure(String backend, String name, DeviceOpener opener, int bufferFrames, int seconds)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        SystemClock clock = SystemClock.platform();
        try (CaptureDevice device = opener.open()) {
            CaptureFormat format = device.format();
            byte[] buffer = new byte[bufferFrames * format.bytesPerFrame()];
            for (int i = 0; i < WARM_UP_READS; i++) {
                device.read(buffer, bufferFrames); // JIT, and the stream settling
            }
            int reads = Math.max(2, seconds * 1000 / BUFFER_MS);
            double[] frames = new double[reads];
            double[] stampNs = new double[reads];
            long thread0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long total = 0;
            long firstStampNs = 0;
            for (int i = 0; i < reads; i++) {
                total += device.read(buffer, bufferFrames);
                long arrivalNs = device instanceof TimedCaptureDevice t ? t.lastTiming().arrivalMonoRawNs()
                        : clock.read().monoRawNs();
                if (i == 0) {
                    firstStampNs = arrivalNs;
                }
                frames[i] = total;
                stampNs[i] = arrivalNs - firstStampNs;
            }
            double wallNs = System.nanoTime() - wall0;
            double captureCpu = 100.0 * (threads.getCurrentThreadCpuTime() - thread0) / wallNs;
            double processCpu = 100.0 * (os.getProcessCpuTime() - process0) / wallNs;
            WindowFit.Line line = new LowerEnvelopeFit().fit(frames, stampNs, reads);
            double ratePpm = (1e9 / (line.slope() * format.sampleRateHz()) - 1) * 1e6;
            double[] aboveNs = new double[reads];
            for (int i = 0; i < reads; i++) {
                aboveNs[i] = stampNs[i] - line.at(frames[i]);
            }
            Arrays.sort(aboveNs);
            return new Run(backend, name, format.encoding().cliName, total / (double) format.sampleRateHz(),
                    captureCpu, processCpu, ratePpm, aboveNs[reads / 2] / 1e6,
                    aboveNs[Math.min(reads - 1, (int) (reads * 0.99))] / 1e6, reads);
        }
    }

    private static String value(String flag, boolean has, String[] args, int i) {
        if (!has) {
            throw new UserError(flag + " needs a value", "e.g. " + flag + " default");
        }
        return args[i];
    }

    private static int number(String flag, boolean has, String[] args, int i) {
        try {
            return Integer.parseInt(value(flag, has, args, i));
        } catch (NumberFormatException e) {
            throw new UserError("cannot read '" + args[i] + "' as a whole number for " + flag, "e.g. " + flag + " 30");
        }
    }
}
