package io.tidemark.recorder.capture.alsa;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libasound2 (the ALSA library) through JNA direct mapping: only the calls the ALSA backend uses.
 * Every ALSA object (PCM, params, status, control, info) is opaque and handled by {@link Pointer};
 * a {@code struct timespec} is a {@code long[2]}, an {@code snd_pcm_uframes_t *} a {@code long[1]}.
 * Calls return 0 or a frame count on success and a negative errno on failure ({@link #snd_strerror}).
 */
final class AlsaLibrary {

    private static final Logger log = LoggerFactory.getLogger(AlsaLibrary.class);

    static final int SND_PCM_STREAM_CAPTURE = 1;
    static final int SND_PCM_NONBLOCK = 1;
    static final int SND_PCM_ACCESS_RW_INTERLEAVED = 3;
    static final int SND_PCM_TSTAMP_ENABLE = 1;
    static final int SND_PCM_TSTAMP_TYPE_MONOTONIC = 1;
    static final int SND_PCM_TSTAMP_TYPE_MONOTONIC_RAW = 2;
    static final int SND_PCM_TYPE_HW = 0;

    static final int SND_PCM_STATE_DISCONNECTED = 8;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EAGAIN = 11;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EPIPE = 32;
    static final int ESTRPIPE = 86;

    /** ALSA's error reporter; the variadic arguments after {@code fmt} are not read. */
    interface ErrorHandler extends Callback {
        void invoke(String file, int line, String function, int err, String fmt);
    }

    /** ALSA prints its errors to stderr by default; Tidemark reports them as its own one-line errors. */
    private static final ErrorHandler QUIET = (file, line, function, err, fmt) ->
            log.debug("ALSA {}:{} {} ({}): {}", file, line, function, err, fmt);

    private static final Throwable LOAD_FAILURE = load();

    private static Throwable load() {
        try {
            Native.register(AlsaLibrary.class, NativeLibrary.getInstance("asound"));
            snd_lib_error_set_handler(QUIET);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private AlsaLibrary() {
    }

    /** Null when libasound2 is loaded, else why not. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    static native int snd_lib_error_set_handler(ErrorHandler handler);

    static native String snd_strerror(int errnum);

    static native int snd_pcm_open(PointerByReference pcm, String name, int stream, int mode);

    static native int snd_pcm_close(Pointer pcm);

    static native int snd_pcm_nonblock(Pointer pcm, int nonblock);

    static native int snd_pcm_type(Pointer pcm);

    static native int snd_pcm_format_value(String name);

    static native int snd_pcm_hw_params_malloc(PointerByReference params);

    static native void snd_pcm_hw_params_free(Pointer params);

    static native int snd_pcm_hw_params_any(Pointer pcm, Pointer params);

    static native int snd_pcm_hw_params_set_access(Pointer pcm, Pointer params, int access);

    static native int snd_pcm_hw_params_test_format(Pointer pcm, Pointer params, int format);

    static native int snd_pcm_hw_params_set_format(Pointer pcm, Pointer params, int format);

    static native int snd_pcm_hw_params_set_channels(Pointer pcm, Pointer params, int channels);

    static native int snd_pcm_hw_params_get_channels_min(Pointer params, int[] channels);

    static native int snd_pcm_hw_params_get_channels_max(Pointer params, int[] channels);

    static native int snd_pcm_hw_params_set_rate_resample(Pointer pcm, Pointer params, int allow);

    static native int snd_pcm_hw_params_test_rate(Pointer pcm, Pointer params, int rateHz, int dir);

    static native int snd_pcm_hw_params_set_rate(Pointer pcm, Pointer params, int rateHz, int dir);

    static native int snd_pcm_hw_params_get_rate_min(Pointer params, int[] rateHz, int[] dir);

    static native int snd_pcm_hw_params_get_rate_max(Pointer params, int[] rateHz, int[] dir);

    static native int snd_pcm_hw_params_set_buffer_size_near(Pointer pcm, Pointer params, long[] frames);

    static native int snd_pcm_hw_params_set_period_size_near(Pointer pcm, Pointer params, long[] frames, int[] dir);

    static native int snd_pcm_hw_params_get_buffer_size(Pointer params, long[] frames);

    static native int snd_pcm_hw_params_get_period_size(Pointer params, long[] frames, int[] dir);

    static native int snd_pcm_hw_params(Pointer pcm, Pointer params);

    static native int snd_pcm_sw_params_malloc(PointerByReference params);

    static native void snd_pcm_sw_params_free(Pointer params);

    static native int snd_pcm_sw_params_current(Pointer pcm, Pointer params);

    static native int snd_pcm_sw_params_set_tstamp_mode(Pointer pcm, Pointer params, int mode);

    static native int snd_pcm_sw_params_set_tstamp_type(Pointer pcm, Pointer params, int type);

    static native int snd_pcm_sw_params_set_avail_min(Pointer pcm, Pointer params, long frames);

    static native int snd_pcm_sw_params_set_start_threshold(Pointer pcm, Pointer params, long frames);

    static native int snd_pcm_sw_params(Pointer pcm, Pointer params);

    static native int snd_pcm_prepare(Pointer pcm);

    static native int snd_pcm_start(Pointer pcm);

    static native int snd_pcm_drop(Pointer pcm);

    static native int snd_pcm_resume(Pointer pcm);

    static native long snd_pcm_readi(Pointer pcm, Pointer buffer, long frames);

    static native int snd_pcm_status_malloc(PointerByReference status);

    static native void snd_pcm_status_free(Pointer status);

    static native int snd_pcm_status(Pointer pcm, Pointer status);

    static native int snd_pcm_status_get_state(Pointer status);

    static native void snd_pcm_status_get_htstamp(Pointer status, long[] timespec);

    static native void snd_pcm_status_get_trigger_htstamp(Pointer status, long[] timespec);

    static native long snd_pcm_status_get_avail(Pointer status);

    static native int snd_card_next(int[] card);

    static native int snd_ctl_open(PointerByReference ctl, String name, int mode);

    static native int snd_ctl_close(Pointer ctl);

    static native int snd_ctl_card_info_malloc(PointerByReference info);

    static native void snd_ctl_card_info_free(Pointer info);

    static native int snd_ctl_card_info(Pointer ctl, Pointer info);

    static native String snd_ctl_card_info_get_id(Pointer info);

    static native String snd_ctl_card_info_get_name(Pointer info);

    static native String snd_ctl_card_info_get_longname(Pointer info);

    static native int snd_ctl_pcm_next_device(Pointer ctl, int[] device);

    static native int snd_pcm_info_malloc(PointerByReference info);

    static native void snd_pcm_info_free(Pointer info);

    static native void snd_pcm_info_set_device(Pointer info, int device);

    static native void snd_pcm_info_set_subdevice(Pointer info, int subdevice);

    static native void snd_pcm_info_set_stream(Pointer info, int stream);

    static native int snd_ctl_pcm_info(Pointer ctl, Pointer info);

    static native String snd_pcm_info_get_name(Pointer info);

    static native int snd_device_name_hint(int card, String iface, PointerByReference hints);

    static native Pointer snd_device_name_get_hint(Pointer hint, String id);

    static native int snd_device_name_free_hint(Pointer hints);

    /** A hint string, freed after copying (ALSA allocates it with malloc). */
    static String hint(Pointer hint, String id) {
        Pointer p = snd_device_name_get_hint(hint, id);
        if (p == null) {
            return null;
        }
        try {
            return p.getString(0);
        } finally {
            Native.free(Pointer.nativeValue(p));
        }
    }

    /** "text (errno N)" for a negative ALSA return. */
    static String describe(long err) {
        return snd_strerror((int) err) + " (errno " + -err + ")";
    }
}
