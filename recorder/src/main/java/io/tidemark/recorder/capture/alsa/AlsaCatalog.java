package io.tidemark.recorder.capture.alsa;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.tidemark.recorder.capture.CaptureException;
import io.tidemark.recorder.capture.SampleEncoding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ALSA cards and capture PCMs of this machine, what each offers, and the resolution of a user's
 * device name ({@code hw:CARD=Pro,DEV=0}, {@code default}, an {@code .asoundrc} PCM, or part of a
 * card's name) to the PCM to open.
 */
public final class AlsaCatalog {

    /**
     * Plugins whose server library prints to stderr itself when its server is not running (JACK), which
     * would break a listing's one-line output; JACK lists its own ports.
     */
    static final Set<String> SERVER_PRINTS = Set.of("jack");

    /** Rates probed for the listing; a device's full range is given too. */
    static final int[] COMMON_RATES_HZ = {44_100, 48_000, 88_200, 96_000, 176_400, 192_000};

    /**
     * A sound card.
     *
     * @param index          its current index (changes with USB re-enumeration: never store it)
     * @param captureDevices the device numbers that capture
     */
    public record Card(int index, String id, String name, String longName, List<Integer> captureDevices) {

        /** The PCM of its first capture device, named by the card's id so the index does not matter. */
        public String pcmName() {
            return "hw:CARD=" + id + ",DEV=" + (captureDevices.isEmpty() ? 0 : captureDevices.get(0));
        }
    }

    /**
     * One capture PCM and what it offers.
     *
     * @param pcmName          the name to open ({@code alsa:} + this for {@code --device})
     * @param description      ALSA's description, or the card and device name
     * @param formats          the sample formats Tidemark records that it offers
     * @param channelsMin      fewest channels (plugins report wide ranges)
     * @param channelsMax      most channels
     * @param rateMinHz        lowest rate
     * @param rateMaxHz        highest rate
     * @param commonRatesHz    which of 44.1–192 kHz it takes exactly
     * @param kernelTimestamps a kernel device (type hw) whose status carries the kernel's timestamps;
     *                         plugins (pulse, file, null, ...) are stamped when the read returns
     * @param problem          why it could not be probed (busy, server not running), else null
     */
    public record Pcm(String pcmName, String description, List<SampleEncoding> formats, int channelsMin,
                      int channelsMax, int rateMinHz, int rateMaxHz, List<Integer> commonRatesHz,
                      boolean kernelTimestamps, String problem) {
    }

    private AlsaCatalog() {
    }

    /** A CaptureException unless libasound2 is loaded. */
    static void requireLibrary() {
        Throwable failure = AlsaLibrary.loadFailure();
        if (failure != null) {
            throw new CaptureException("the ALSA library (libasound2) cannot be loaded: " + failure.getMessage(),
                    "install libasound2 (apt-get install libasound2), or use a Java Sound device", failure);
        }
    }

    /** The cards, by index. */
    public static List<Card> cards() {
        requireLibrary();
        List<Card> cards = new ArrayList<>();
        int[] card = {-1};
        while (AlsaLibrary.snd_card_next(card) == 0 && card[0] >= 0) {
            PointerByReference ctlRef = new PointerByReference();
            if (AlsaLibrary.snd_ctl_open(ctlRef, "hw:" + card[0], 0) < 0) {
                continue;
            }
            Pointer ctl = ctlRef.getValue();
            PointerByReference infoRef = new PointerByReference();
            PointerByReference pcmInfoRef = new PointerByReference();
            AlsaLibrary.snd_ctl_card_info_malloc(infoRef);
            AlsaLibrary.snd_pcm_info_malloc(pcmInfoRef);
            try {
                Pointer info = infoRef.getValue();
                if (AlsaLibrary.snd_ctl_card_info(ctl, info) < 0) {
                    continue;
                }
                List<Integer> capture = new ArrayList<>();
                int[] dev = {-1};
                while (AlsaLibrary.snd_ctl_pcm_next_device(ctl, dev) == 0 && dev[0] >= 0) {
                    Pointer pi = pcmInfoRef.getValue();
                    AlsaLibrary.snd_pcm_info_set_device(pi, dev[0]);
                    AlsaLibrary.snd_pcm_info_set_subdevice(pi, 0);
                    AlsaLibrary.snd_pcm_info_set_stream(pi, AlsaLibrary.SND_PCM_STREAM_CAPTURE);
                    if (AlsaLibrary.snd_ctl_pcm_info(ctl, pi) >= 0) {
                        capture.add(dev[0]);
                    }
                }
                cards.add(new Card(card[0], AlsaLibrary.snd_ctl_card_info_get_id(info),
                        AlsaLibrary.snd_ctl_card_info_get_name(info), AlsaLibrary.snd_ctl_card_info_get_longname(info),
                        List.copyOf(capture)));
            } finally {
                AlsaLibrary.snd_pcm_info_free(pcmInfoRef.getValue());
                AlsaLibrary.snd_ctl_card_info_free(infoRef.getValue());
                AlsaLibrary.snd_ctl_close(ctl);
            }
        }
        return cards;
    }

    /**
     * Every capture PCM: each card's capture devices, then the PCMs ALSA's configuration names
     * (default, pulse, .asoundrc definitions with a hint), each opened briefly to ask what it offers.
     */
    public static List<Pcm> capturePcms() {
        Set<String> names = new LinkedHashSet<>();
        List<String> descriptions = new ArrayList<>();
        for (Card c : cards()) {
            for (int d : c.captureDevices()) {
                if (names.add("hw:CARD=" + c.id() + ",DEV=" + d)) {
                    descriptions.add(c.name() + " (" + c.longName() + "), device " + d);
                }
            }
        }
        PointerByReference hintsRef = new PointerByReference();
        if (AlsaLibrary.snd_device_name_hint(-1, "pcm", hintsRef) == 0) {
            Pointer hints = hintsRef.getValue();
            try {
                for (int i = 0; ; i++) {
                    Pointer h = hints.getPointer((long) i * Native.POINTER_SIZE);
                    if (h == null) {
                        break;
                    }
                    String name = AlsaLibrary.hint(h, "NAME");
                    String ioid = AlsaLibrary.hint(h, "IOID");
                    if (name != null && (ioid == null || ioid.equals("Input")) && !SERVER_PRINTS.contains(name)
                            && names.add(name)) {
                        String desc = AlsaLibrary.hint(h, "DESC");
                        descriptions.add(desc == null ? name : desc.replace('\n', ' '));
                    }
                }
            } finally {
                AlsaLibrary.snd_device_name_free_hint(hints);
            }
        }
        if (names.add("default")) {
            descriptions.add("ALSA's default PCM");
        }
        List<Pcm> out = new ArrayList<>();
        int k = 0;
        for (String name : names) {
            out.add(probe(name, descriptions.get(k++)));
        }
        return out;
    }

    /** Opens {@code pcmName} for capture (without blocking on a busy device) and asks what it offers. */
    public static Pcm probe(String pcmName, String description) {
        requireLibrary();
        PointerByReference ref = new PointerByReference();
        int err = AlsaLibrary.snd_pcm_open(ref, pcmName, AlsaLibrary.SND_PCM_STREAM_CAPTURE, AlsaLibrary.SND_PCM_NONBLOCK);
        if (err < 0) {
            return new Pcm(pcmName, description, List.of(), 0, 0, 0, 0, List.of(), false, AlsaLibrary.describe(err));
        }
        Pointer pcm = ref.getValue();
        try (HwParams hw = HwParams.any(pcm)) {
            return new Pcm(pcmName, description, hw.formats(), hw.channelsMin(), hw.channelsMax(), hw.rateMinHz(),
                    hw.rateMaxHz(), hw.commonRates(), AlsaLibrary.snd_pcm_type(pcm) == AlsaLibrary.SND_PCM_TYPE_HW,
                    hw.problem());
        } finally {
            AlsaLibrary.snd_pcm_close(pcm);
        }
    }

    /** The cards whose id, name or long name contains {@code part}, ignoring case. */
    public static List<Card> cardsMatching(String part) {
        return matching(cards(), part);
    }

    static List<Card> matching(List<Card> cards, String part) {
        String p = part.toLowerCase(Locale.ROOT);
        return cards.stream().filter(c -> c.id().toLowerCase(Locale.ROOT).contains(p)
                || c.name().toLowerCase(Locale.ROOT).contains(p)
                || c.longName().toLowerCase(Locale.ROOT).contains(p)).toList();
    }

    /** "hw:CARD=Pro,DEV=0 (ZOOM F8n Pro), ..." for an error's remedy: what there is to choose from. */
    static String choices() {
        List<String> cards = cards().stream().map(c -> c.pcmName() + " (" + c.name() + ")").toList();
        return cards.isEmpty() ? "no sound card is present" : "cards: " + String.join(", ", cards);
    }

    /** The supported encodings in ALSA's names with Tidemark's: "S16_LE (s16), S32_LE (s32)". */
    static String describe(List<SampleEncoding> encodings) {
        if (encodings.isEmpty()) {
            return "none Tidemark records";
        }
        return String.join(", ", encodings.stream().map(e -> e.alsaName + " (" + e.cliName + ")").toList());
    }

    /** The configuration space of one open PCM: what it offers, narrowed by the set calls. */
    static final class HwParams implements AutoCloseable {
        final Pointer pcm;
        final Pointer params;

        private HwParams(Pointer pcm, Pointer params) {
            this.pcm = pcm;
            this.params = params;
        }

        static HwParams any(Pointer pcm) {
            PointerByReference ref = new PointerByReference();
            int err = AlsaLibrary.snd_pcm_hw_params_malloc(ref);
            if (err < 0) {
                throw new IllegalStateException("snd_pcm_hw_params_malloc: " + AlsaLibrary.describe(err));
            }
            HwParams hw = new HwParams(pcm, ref.getValue());
            hw.problem = err(AlsaLibrary.snd_pcm_hw_params_any(pcm, hw.params), "no configuration");
            if (hw.problem == null) {
                hw.problem = err(AlsaLibrary.snd_pcm_hw_params_set_access(pcm, hw.params,
                        AlsaLibrary.SND_PCM_ACCESS_RW_INTERLEAVED), "no interleaved read access");
            }
            return hw;
        }

        private String problem;

        String problem() {
            return problem;
        }

        private static String err(int code, String what) {
            return code < 0 ? what + ": " + AlsaLibrary.describe(code) : null;
        }

        List<SampleEncoding> formats() {
            List<SampleEncoding> out = new ArrayList<>();
            for (SampleEncoding e : SampleEncoding.values()) {
                if (AlsaLibrary.snd_pcm_hw_params_test_format(pcm, params, formatCode(e)) == 0) {
                    out.add(e);
                }
            }
            return out;
        }

        int channelsMin() {
            int[] v = new int[1];
            AlsaLibrary.snd_pcm_hw_params_get_channels_min(params, v);
            return v[0];
        }

        int channelsMax() {
            int[] v = new int[1];
            AlsaLibrary.snd_pcm_hw_params_get_channels_max(params, v);
            return v[0];
        }

        int rateMinHz() {
            int[] v = new int[1];
            AlsaLibrary.snd_pcm_hw_params_get_rate_min(params, v, new int[1]);
            return v[0];
        }

        int rateMaxHz() {
            int[] v = new int[1];
            AlsaLibrary.snd_pcm_hw_params_get_rate_max(params, v, new int[1]);
            return v[0];
        }

        List<Integer> commonRates() {
            List<Integer> out = new ArrayList<>();
            for (int r : COMMON_RATES_HZ) {
                if (AlsaLibrary.snd_pcm_hw_params_test_rate(pcm, params, r, 0) == 0) {
                    out.add(r);
                }
            }
            return out;
        }

        @Override
        public void close() {
            AlsaLibrary.snd_pcm_hw_params_free(params);
        }
    }

    static int formatCode(SampleEncoding e) {
        return AlsaLibrary.snd_pcm_format_value(e.alsaName);
    }
}
