package io.tidemark.recorder.capture.alsa;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.tidemark.recorder.capture.BufferTiming;
import io.tidemark.recorder.capture.CaptureException;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.DeviceLostException;
import io.tidemark.recorder.capture.DeviceOpener;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.capture.StampSource;
import io.tidemark.recorder.capture.TimedCaptureDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Capture through libasound2: blocking {@code snd_pcm_readi} of whole buffers, interleaved, in the
 * format asked for (no conversion, no resampling inside ALSA), and after every read an
 * {@code snd_pcm_status} for the kernel's timestamp. Timestamps are enabled of type
 * MONOTONIC_RAW where the kernel offers it, else MONOTONIC (converted to MONOTONIC_RAW at once). A
 * plugin PCM (pulse, file, dsnoop without hardware stamps) has no kernel timestamp: its buffers are
 * stamped at the read's return less the frames still available after it.
 *
 * <p>An overrun (XRUN) is recovered with prepare + start; the frames it lost are measured from the
 * time the last delivered frame arrived to the time the stream restarted. A device gone from the
 * bus ({@code -ENODEV}) is a {@link DeviceLostException}; {@link #opener} reopens it by card name.
 */
public final class AlsaDevice implements TimedCaptureDevice {

    private static final Logger log = LoggerFactory.getLogger(AlsaDevice.class);

    /** The device buffer holds at least this much audio: time for the disk or the scheduler to stall. */
    static final long MIN_DEVICE_BUFFER_NS = 2_000_000_000L;

    private static final int CLOCK_MONOTONIC = 1;
    private static final int CLOCK_MONOTONIC_RAW = 4;

    private static final class Libc {
        static native int clock_gettime(int clockId, long[] ts);

        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }
    }

    private final String label;
    private final String pcmName;
    private final Pointer pcm;
    private final CaptureFormat format;
    private final int deviceBytesPerFrame;
    private final Memory scratch;
    private final Pointer status;
    private final boolean kernelTimestamps;
    private final boolean monotonicRaw;
    private final long deviceBufferFrames;
    private final long periodFrames;
    private final long[] ts = new long[2];
    private final long[] clockScratch = new long[2];
    private boolean overrun;
    private boolean closed;
    /** CLOCK_MONOTONIC_RAW at the arrival of the last frame delivered so far (start of stream before any). */
    private long lastArrivalRawNs;
    private BufferTiming last;

    private AlsaDevice(String label, String pcmName, Pointer pcm, CaptureFormat format, long deviceBufferFrames,
                       long periodFrames, boolean monotonicRaw, int bufferFrames) {
        this.label = label;
        this.pcmName = pcmName;
        this.pcm = pcm;
        this.format = format;
        this.deviceBytesPerFrame = format.channels() * format.encoding().deviceBytesPerSample;
        this.scratch = new Memory((long) bufferFrames * deviceBytesPerFrame);
        PointerByReference ref = new PointerByReference();
        check(AlsaLibrary.snd_pcm_status_malloc(ref), "snd_pcm_status_malloc");
        this.status = ref.getValue();
        this.kernelTimestamps = AlsaLibrary.snd_pcm_type(pcm) == AlsaLibrary.SND_PCM_TYPE_HW;
        this.monotonicRaw = monotonicRaw;
        this.deviceBufferFrames = deviceBufferFrames;
        this.periodFrames = periodFrames;
    }

    /**
     * Opens {@code name} (a PCM name, or part of a card's name resolved to its {@code hw:CARD=id}) for
     * capture in {@code format}, reads of {@code bufferFrames}. Bad input is a one-line CaptureException:
     * an unknown name, a busy device, a format, channel count or rate the device does not offer.
     */
    public static AlsaDevice open(String name, CaptureFormat format, int bufferFrames) {
        AlsaCatalog.requireLibrary();
        PointerByReference ref = new PointerByReference();
        String pcmName = name;
        int err = AlsaLibrary.snd_pcm_open(ref, pcmName, AlsaLibrary.SND_PCM_STREAM_CAPTURE, AlsaLibrary.SND_PCM_NONBLOCK);
        if (err == -AlsaLibrary.ENOENT && !name.contains(":")) {
            String byCard = pcmOfCard(name, AlsaCatalog.cards());
            if (byCard != null) {
                pcmName = byCard;
                err = AlsaLibrary.snd_pcm_open(ref, pcmName, AlsaLibrary.SND_PCM_STREAM_CAPTURE,
                        AlsaLibrary.SND_PCM_NONBLOCK);
            }
        }
        if (err < 0) {
            throw openError(name, pcmName, err);
        }
        Pointer pcm = ref.getValue();
        try {
            // Opened without blocking so a busy device fails at once; reads block.
            check(setBlocking(pcm), "snd_pcm_nonblock");
            AlsaDevice d = configure(name, pcmName, pcm, format, bufferFrames);
            log.info("opened ALSA {} as {}: {} frames device buffer, {} frames period, {} timestamps, {}",
                    name, pcmName, d.deviceBufferFrames, d.periodFrames, d.monotonicRaw ? "MONOTONIC_RAW" : "MONOTONIC",
                    d.kernelTimestamps ? "kernel device" : "plugin (stamped at read return less the fill)");
            return d;
        } catch (RuntimeException e) {
            AlsaLibrary.snd_pcm_close(pcm);
            throw e;
        }
    }

    /**
     * Opens {@code name} now and again after every loss. A name that resolved through the card list
     * is resolved again at each open, so a USB re-enumeration that changes the card's index does not
     * matter; while the card is absent, opening is a DeviceLostException (the session retries).
     */
    public static DeviceOpener opener(String name, CaptureFormat format, int bufferFrames) {
        boolean[] openedOnce = {false};
        return () -> {
            try {
                AlsaDevice d = open(name, format, bufferFrames);
                openedOnce[0] = true;
                return d;
            } catch (CaptureException e) {
                if (!openedOnce[0]) {
                    throw e;
                }
                throw new DeviceLostException(e.getMessage(), e);
            }
        };
    }

    /**
     * The PCM of the one card whose id, name or long name contains {@code part} ({@code hw:CARD=id,DEV=n},
     * by id, so the card's index does not matter); null when none does; a CaptureException when several do.
     */
    static String pcmOfCard(String part, List<AlsaCatalog.Card> cards) {
        List<AlsaCatalog.Card> matches = AlsaCatalog.matching(cards, part);
        if (matches.size() > 1) {
            throw new CaptureException("'" + part + "' matches several ALSA cards: " + String.join(", ",
                    matches.stream().map(c -> c.pcmName() + " (" + c.longName() + ")").toList()),
                    "give more of the card's name, or its PCM name (alsa:hw:CARD=...)");
        }
        return matches.isEmpty() ? null : matches.get(0).pcmName();
    }

    private static int setBlocking(Pointer pcm) {
        return AlsaLibrary.snd_pcm_nonblock(pcm, 0);
    }

    static CaptureException openError(String name, String pcmName, int err) {
        String asked = name.equals(pcmName) ? "'" + name + "'" : "'" + name + "' (" + pcmName + ")";
        return switch (-err) {
            case AlsaLibrary.ENOENT -> new CaptureException("unknown ALSA device " + asked
                    + ": no such PCM, and no card's name contains it",
                    "see 'tidemark devices' (" + AlsaCatalog.choices() + "), or define the PCM in ~/.asoundrc");
            case AlsaLibrary.EBUSY -> new CaptureException("ALSA device " + asked + " is busy: another program is"
                    + " capturing from it", "stop the other program (arecord, a sound server), or record through a"
                    + " shared PCM (dsnoop, pulse)");
            case AlsaLibrary.ENODEV, AlsaLibrary.ENXIO -> new CaptureException("ALSA device " + asked
                    + " is not present", "connect it and check 'tidemark devices'");
            default -> new CaptureException("cannot open ALSA device " + asked + ": " + AlsaLibrary.describe(err),
                    "check 'tidemark devices' and that no other program holds it");
        };
    }

    private static AlsaDevice configure(String name, String pcmName, Pointer pcm, CaptureFormat format,
                                        int bufferFrames) {
        int rate = format.sampleRateHz();
        long deviceBufferFrames;
        long periodFrames;
        try (AlsaCatalog.HwParams hw = AlsaCatalog.HwParams.any(pcm)) {
            if (hw.problem() != null) {
                throw new CaptureException("ALSA device '" + name + "' cannot be configured: " + hw.problem(),
                        "check 'tidemark devices'");
            }
            SampleEncoding enc = format.encoding();
            if (AlsaLibrary.snd_pcm_hw_params_set_format(pcm, hw.params, AlsaCatalog.formatCode(enc)) < 0) {
                throw new CaptureException("ALSA device '" + name + "' does not offer " + enc.alsaName + " ("
                        + enc.cliName + "); it offers " + AlsaCatalog.describe(hw.formats()),
                        "use --format " + String.join("|", hw.formats().stream().map(e -> e.cliName).toList()));
            }
            if (AlsaLibrary.snd_pcm_hw_params_set_channels(pcm, hw.params, format.channels()) < 0) {
                throw new CaptureException("ALSA device '" + name + "' offers " + hw.channelsMin() + " to "
                        + hw.channelsMax() + " channels, not " + format.channels(),
                        "use --channels between " + hw.channelsMin() + " and " + Math.min(64, hw.channelsMax()));
            }
            // The device's own rate, never ALSA's resampler: a resampled stream hides the crystal's drift.
            AlsaLibrary.snd_pcm_hw_params_set_rate_resample(pcm, hw.params, 0);
            if (AlsaLibrary.snd_pcm_hw_params_set_rate(pcm, hw.params, rate, 0) < 0) {
                throw new CaptureException("ALSA device '" + name + "' does not offer " + rate + " Hz (it offers "
                        + hw.rateMinHz() + " to " + hw.rateMaxHz() + " Hz" + (hw.commonRates().isEmpty() ? ""
                        : ", of the common rates " + hw.commonRates()) + ")", "use a --rate the device offers");
            }
            long[] frames = {Math.max(4L * bufferFrames, format.framesIn(MIN_DEVICE_BUFFER_NS))};
            check(AlsaLibrary.snd_pcm_hw_params_set_buffer_size_near(pcm, hw.params, frames), "set buffer size");
            long[] period = {bufferFrames};
            check(AlsaLibrary.snd_pcm_hw_params_set_period_size_near(pcm, hw.params, period, new int[1]),
                    "set period size");
            int err = AlsaLibrary.snd_pcm_hw_params(pcm, hw.params);
            if (err < 0) {
                throw new CaptureException("ALSA device '" + name + "' refused " + format + ": "
                        + AlsaLibrary.describe(err), "try another --buffer-ms, --rate or --format");
            }
            AlsaLibrary.snd_pcm_hw_params_get_buffer_size(hw.params, frames);
            AlsaLibrary.snd_pcm_hw_params_get_period_size(hw.params, period, new int[1]);
            deviceBufferFrames = frames[0];
            periodFrames = period[0];
        }
        boolean monotonicRaw = configureSoftware(pcm, periodFrames);
        AlsaDevice d = new AlsaDevice("alsa:" + name + (name.equals(pcmName) ? "" : " (" + pcmName + ")"), pcmName,
                pcm, format, deviceBufferFrames, periodFrames, monotonicRaw, bufferFrames);
        d.start();
        return d;
    }

    /** Timestamps on, MONOTONIC_RAW if the kernel takes it; returns whether it did. */
    private static boolean configureSoftware(Pointer pcm, long periodFrames) {
        PointerByReference ref = new PointerByReference();
        check(AlsaLibrary.snd_pcm_sw_params_malloc(ref), "snd_pcm_sw_params_malloc");
        Pointer sw = ref.getValue();
        try {
            check(AlsaLibrary.snd_pcm_sw_params_current(pcm, sw), "snd_pcm_sw_params_current");
            check(AlsaLibrary.snd_pcm_sw_params_set_tstamp_mode(pcm, sw, AlsaLibrary.SND_PCM_TSTAMP_ENABLE),
                    "set tstamp mode");
            check(AlsaLibrary.snd_pcm_sw_params_set_avail_min(pcm, sw, periodFrames), "set avail min");
            boolean raw = AlsaLibrary.snd_pcm_sw_params_set_tstamp_type(pcm, sw,
                    AlsaLibrary.SND_PCM_TSTAMP_TYPE_MONOTONIC_RAW) == 0
                    && AlsaLibrary.snd_pcm_sw_params(pcm, sw) == 0;
            if (!raw) {
                check(AlsaLibrary.snd_pcm_sw_params_set_tstamp_type(pcm, sw, AlsaLibrary.SND_PCM_TSTAMP_TYPE_MONOTONIC),
                        "set tstamp type");
                check(AlsaLibrary.snd_pcm_sw_params(pcm, sw), "snd_pcm_sw_params");
            }
            return raw;
        } finally {
            AlsaLibrary.snd_pcm_sw_params_free(sw);
        }
    }

    private static void check(long err, String what) {
        if (err < 0) {
            throw new CaptureException("ALSA " + what + " failed: " + AlsaLibrary.describe(err),
                    "check 'tidemark devices'");
        }
    }

    /** Starts (or restarts) the stream; returns CLOCK_MONOTONIC_RAW of the start. */
    private long start() {
        check(AlsaLibrary.snd_pcm_start(pcm), "snd_pcm_start");
        long startRaw = monoRawNow();
        if (AlsaLibrary.snd_pcm_status(pcm, status) == 0) {
            AlsaLibrary.snd_pcm_status_get_trigger_htstamp(status, ts);
            long trigger = ts[0] * 1_000_000_000L + ts[1];
            if (trigger != 0 && kernelTimestamps) {
                startRaw = toMonoRaw(trigger);
            }
        }
        lastArrivalRawNs = startRaw;
        return startRaw;
    }

    @Override
    public String name() {
        return label;
    }

    /** The PCM opened (a card name resolved to {@code hw:CARD=id,DEV=n}). */
    public String pcmName() {
        return pcmName;
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    /** Frames the device buffer holds (an overrun comes when this much is unread). */
    public long deviceBufferFrames() {
        return deviceBufferFrames;
    }

    public long periodFrames() {
        return periodFrames;
    }

    /** The kernel stamps in MONOTONIC_RAW (else MONOTONIC, converted). */
    public boolean monotonicRawTimestamps() {
        return monotonicRaw;
    }

    /** A kernel device whose status carries the kernel's timestamps (not a plugin). */
    public boolean kernelTimestamps() {
        return kernelTimestamps;
    }

    @Override
    public int read(byte[] buffer, int frames) throws DeviceLostException {
        if ((long) frames * deviceBytesPerFrame > scratch.size()) {
            throw new IllegalArgumentException(frames + " frames is more than the " + scratch.size()
                    / deviceBytesPerFrame + " this device was opened to read at once");
        }
        long lost = 0;
        int done = 0;
        while (done < frames) {
            long n = AlsaLibrary.snd_pcm_readi(pcm, scratch.share((long) done * deviceBytesPerFrame), frames - done);
            if (n > 0) {
                done += (int) n;
                continue;
            }
            int err = (int) -n;
            switch (err) {
                case 0, AlsaLibrary.EINTR, AlsaLibrary.EAGAIN -> {
                }
                case AlsaLibrary.EPIPE -> lost += recover(false);
                case AlsaLibrary.ESTRPIPE -> lost += recover(true);
                default -> throw new DeviceLostException(pcmName + ": " + AlsaLibrary.describe(n));
            }
        }
        copyOut(buffer, frames);
        last = timing(frames, lost);
        return frames;
    }

    /** Prepares and restarts after an overrun (or a suspend); returns the frames lost meanwhile. */
    private long recover(boolean suspended) throws DeviceLostException {
        overrun = true;
        long before = lastArrivalRawNs;
        int err = suspended ? AlsaLibrary.snd_pcm_resume(pcm) : -1;
        if (err < 0) {
            err = AlsaLibrary.snd_pcm_prepare(pcm);
        }
        if (err < 0) {
            throw new DeviceLostException(pcmName + ": recovering from an overrun failed: " + AlsaLibrary.describe(err));
        }
        long restart;
        try {
            restart = start();
        } catch (CaptureException e) {
            throw new DeviceLostException(pcmName + ": " + e.getMessage(), e);
        }
        long lost = lostFrames(before, restart, format.sampleRateHz());
        log.warn("ALSA {}: overrun, about {} frames lost", pcmName, lost);
        return lost;
    }

    /** The device's frames in the session's layout: S24_LE's 4-byte containers packed to 3 bytes. */
    private void copyOut(byte[] buffer, int frames) {
        if (format.encoding() != SampleEncoding.S24) {
            scratch.read(0, buffer, 0, frames * format.bytesPerFrame());
            return;
        }
        int samples = frames * format.channels();
        for (int i = 0, o = 0; i < samples; i++, o += 3) {
            int v = scratch.getInt(4L * i);
            buffer[o] = (byte) v;
            buffer[o + 1] = (byte) (v >> 8);
            buffer[o + 2] = (byte) (v >> 16);
        }
    }

    private BufferTiming timing(int frames, long lostFrames) throws DeviceLostException {
        int err = AlsaLibrary.snd_pcm_status(pcm, status);
        long readReturnRaw = monoRawNow();
        if (err < 0) {
            throw new DeviceLostException(pcmName + ": snd_pcm_status: " + AlsaLibrary.describe(err));
        }
        int state = AlsaLibrary.snd_pcm_status_get_state(status);
        if (state == AlsaLibrary.SND_PCM_STATE_DISCONNECTED) {
            throw new DeviceLostException(pcmName + ": disconnected");
        }
        long avail = AlsaLibrary.snd_pcm_status_get_avail(status);
        AlsaLibrary.snd_pcm_status_get_htstamp(status, ts);
        long ht = ts[0] * 1_000_000_000L + ts[1];
        if (kernelTimestamps && ht != 0) {
            long arrival = arrivalOfLastFrameNs(toMonoRaw(ht), avail, format.sampleRateHz());
            lastArrivalRawNs = arrival;
            return new BufferTiming(StampSource.KERNEL, arrival, avail, lostFrames);
        }
        long arrival = arrivalOfLastFrameNs(readReturnRaw, avail, format.sampleRateHz());
        lastArrivalRawNs = arrival;
        return new BufferTiming(StampSource.READ_RETURN_LESS_FILL, arrival, avail, lostFrames);
    }

    /**
     * When the buffer's last frame arrived: at {@code htstampNs} (the kernel's stamp of the hardware
     * pointer, or for a plugin the read's return) {@code availFrames} frames beyond our buffer had been
     * captured too; those came after our last frame, one per 1/rate, so it arrived that much earlier.
     */
    static long arrivalOfLastFrameNs(long htstampNs, long availFrames, int sampleRateHz) {
        return htstampNs - Math.round(availFrames * 1e9 / sampleRateHz);
    }

    /**
     * Frames lost between the last delivered frame's arrival and the restart of the stream: frame k
     * after the last delivered one would have arrived at {@code lastArrival + k/rate}; the first frame
     * after the restart arrives one frame period after {@code restartNs}.
     */
    static long lostFrames(long lastArrivalRawNs, long restartRawNs, int sampleRateHz) {
        return Math.max(0, Math.round((restartRawNs - lastArrivalRawNs) * (double) sampleRateHz / 1e9));
    }

    /** A kernel stamp in the clock it was taken on, on CLOCK_MONOTONIC_RAW. */
    private long toMonoRaw(long kernelNs) {
        if (monotonicRaw) {
            return kernelNs;
        }
        // The two clocks differ only by NTP's slew: over the few ms since the stamp the offset is exact enough.
        long mono = clockNs(CLOCK_MONOTONIC);
        long raw = clockNs(CLOCK_MONOTONIC_RAW);
        return raw - (mono - kernelNs);
    }

    private long monoRawNow() {
        return clockNs(CLOCK_MONOTONIC_RAW);
    }

    private long clockNs(int clock) {
        Libc.clock_gettime(clock, clockScratch);
        return clockScratch[0] * 1_000_000_000L + clockScratch[1];
    }

    @Override
    public BufferTiming lastTiming() {
        return last;
    }

    @Override
    public boolean takeOverrun() {
        boolean o = overrun;
        overrun = false;
        return o;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AlsaLibrary.snd_pcm_drop(pcm);
        AlsaLibrary.snd_pcm_close(pcm);
        AlsaLibrary.snd_pcm_status_free(status);
    }
}
