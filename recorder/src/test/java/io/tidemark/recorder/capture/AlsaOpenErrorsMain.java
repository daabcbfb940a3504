package io.tidemark.recorder.capture;

import io.tidemark.recorder.capture.alsa.AlsaCatalog;
import io.tidemark.recorder.capture.alsa.AlsaDevice;

/**
 * Opens ALSA PCMs that must fail (in a child JVM whose HOME holds the test's .asoundrc) and prints
 * each CaptureException's one line as {@code CASE: line}, or {@code CASE: opened} if it did not fail;
 * then the card and PCM listing ({@code cards:}, {@code pcm:}, {@code probe:} lines).
 */
public final class AlsaOpenErrorsMain {

    public static void main(String[] args) {
        attempt("unknown", "nosuchpcm", new CaptureFormat(8, 48_000, SampleEncoding.F32));
        attempt("format", "s16only", new CaptureFormat(8, 48_000, SampleEncoding.F32));
        attempt("channels", "twochannels", new CaptureFormat(8, 48_000, SampleEncoding.F32));
        attempt("works", "twochannels", new CaptureFormat(2, 48_000, SampleEncoding.F32));
        System.out.println("cards: " + AlsaCatalog.cards());
        for (AlsaCatalog.Pcm p : AlsaCatalog.capturePcms()) {
            System.out.println("pcm: " + p);
        }
        System.out.println("probe: " + AlsaCatalog.probe("s16only", "linear"));
        System.out.println("probe: " + AlsaCatalog.probe("twochannels", "multi"));
    }

    private static void attempt(String label, String pcm, CaptureFormat format) {
        try (AlsaDevice d = AlsaDevice.open(pcm, format, 4_800)) {
            System.out.println(label + ": opened " + d.name());
        } catch (CaptureException e) {
            System.out.println(label + ": " + e.oneLine());
        }
    }
}
