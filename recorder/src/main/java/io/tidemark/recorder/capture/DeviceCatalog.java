package io.tidemark.recorder.capture;


import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The capture devices this machine offers through Java Sound, plus the simulated device. */
public final class DeviceCatalog {

    /** Rates probed for each device; Java Sound on ALSA reports "any rate", so ask for each. */
    public static final List<Integer> STANDARD_RATES_HZ = List.of(44_100, 48_000, 88_200, 96_000, 176_400, 192_000);
    public static final List<Integer> BITS = List.of(16, 24, 32);
    public static final int MAX_CHANNELS = 64;

    /**
     * One capture device.
     *
     * @param name           what {@code --device} matches (exactly, or as a case-insensitive substring)
     * @param description    Java Sound's description (driver, card)
     * @param maxChannels    most channels a line can be opened with (capped at 64)
     * @param bitsPerSample  sample sizes Tidemark can record from it (signed little-endian PCM)
     * @param sampleRatesHz  standard rates it accepts
     * @param simulated      true for {@code sim}
     */
    public record DeviceInfo(String name, String description, int maxChannels, List<Integer> bitsPerSample,
                             List<Integer> sampleRatesHz, boolean simulated) {
    }

    private DeviceCatalog() {
    }

    /** Every capture device, Java Sound's first (in Java Sound's order), {@code sim} last. */
    public static List<DeviceInfo> list() {
        List<DeviceInfo> out = new ArrayList<>();
        for (Mixer.Info mi : captureMixers()) {
            out.add(describe(mi));
        }
        out.add(new DeviceInfo(SimulatedDevice.NAME,
                "simulated device: drifting crystal, latency jitter, injectable faults, clicks on the last channel",
                MAX_CHANNELS, BITS, STANDARD_RATES_HZ, true));
        return out;
    }

    /** Mixers that offer a TargetDataLine (Port mixers and playback-only devices are left out). */
    static List<Mixer.Info> captureMixers() {
        List<Mixer.Info> out = new ArrayList<>();
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            try {
                for (Line.Info li : AudioSystem.getMixer(mi).getTargetLineInfo()) {
                    if (TargetDataLine.class.isAssignableFrom(li.getLineClass())) {
                        out.add(mi);
                        break;
                    }
                }
            } catch (RuntimeException e) {
                // A mixer that cannot even describe itself is not usable; leave it out.
            }
        }
        return out;
    }

    private static DeviceInfo describe(Mixer.Info mi) {
        Mixer mixer = AudioSystem.getMixer(mi);
        int maxChannels = 0;
        for (Line.Info li : mixer.getTargetLineInfo()) {
            if (li instanceof DataLine.Info di) {
                for (AudioFormat f : di.getFormats()) {
                    if (f.getChannels() == AudioSystem.NOT_SPECIFIED) {
                        maxChannels = MAX_CHANNELS;
                    } else {
                        maxChannels = Math.max(maxChannels, Math.min(f.getChannels(), MAX_CHANNELS));
                    }
                }
            }
        }
        int probeChannels = Math.max(1, maxChannels);
        List<Integer> bits = new ArrayList<>();
        List<Integer> rates = new ArrayList<>();
        for (int b : BITS) {
            for (int r : STANDARD_RATES_HZ) {
                if (supports(mixer, new CaptureFormat(probeChannels, r, b))) {
                    if (!bits.contains(b)) {
                        bits.add(b);
                    }
                    if (!rates.contains(r)) {
                        rates.add(r);
                    }
                }
            }
        }
        rates.sort(Integer::compare);
        return new DeviceInfo(mi.getName(), mi.getDescription(), maxChannels, bits, rates, false);
    }

    static boolean supports(Mixer mixer, CaptureFormat format) {
        try {
            return mixer.isLineSupported(new DataLine.Info(TargetDataLine.class, CaptureFormats.toAudioFormat(format)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The capture mixer called {@code nameOrSubstring}: an exact name first, else the one whose name
     * (or failing that, description) contains it, ignoring case.
     *
     * @throws CaptureException when none or several match
     */
    public static Mixer.Info find(String nameOrSubstring) {
        List<Mixer.Info> mixers = captureMixers();
        for (Mixer.Info mi : mixers) {
            if (mi.getName().equals(nameOrSubstring)) {
                return mi;
            }
        }
        String needle = nameOrSubstring.toLowerCase(Locale.ROOT);
        List<Mixer.Info> byName = mixers.stream()
                .filter(mi -> mi.getName().toLowerCase(Locale.ROOT).contains(needle)).toList();
        List<Mixer.Info> matches = !byName.isEmpty() ? byName : mixers.stream()
                .filter(mi -> mi.getDescription().toLowerCase(Locale.ROOT).contains(needle)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new CaptureException("no capture device matches '" + nameOrSubstring + "'",
                    "run 'tidemark devices' to list them");
        }
        throw new CaptureException("'" + nameOrSubstring + "' matches several capture devices: "
                + matches.stream().map(mi -> "'" + mi.getName() + "'").collect(Collectors.joining(", ")),
                "give the full name as 'tidemark devices' lists it");
    }

    /** The capture mixer with exactly this name, or null if it is gone (unplugged). */
    static Mixer.Info findExact(String name) {
        for (Mixer.Info mi : captureMixers()) {
            if (mi.getName().equals(name)) {
                return mi;
            }
        }
        return null;
    }
}
