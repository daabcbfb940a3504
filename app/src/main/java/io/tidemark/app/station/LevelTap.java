package io.tidemark.app.station;

import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.recorder.health.ChannelLevel;
import io.tidemark.recorder.health.LevelMeter;
import io.tidemark.recorder.health.SilenceDetector;
import io.tidemark.recorder.session.AudioSink;
import io.tidemark.recorder.store.SessionEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The station's per-buffer tap on the capture path: each stored buffer goes through a {@link LevelMeter}
 * (one pass of sums, no allocation); every second of frames becomes the live {@link ChannelReading}s, feeds a
 * {@link SilenceDetector} per channel (health.silentDbfs for health.silentFor) and the clipping state. Time is
 * counted in frames, so the windows follow the audio, not the wall clock.
 */
public final class LevelTap {

    /** A change of a channel's condition (silent, clipping), for events and alerts. */
    interface Changes {
        /**
         * @param sampleIndex the session's sample index where the change happened
         * @param framesAgo   how many frames before the end of the buffer just stored that was
         */
        void changed(String condition, boolean on, String detail, SessionEvent.Kind kind, long sampleIndex,
                     long framesAgo);
    }

    /**
     * Clipped samples a one-second window needs for the channel to count as clipping: a lone full-scale sample
     * is a click (the simulated device's timing click is one a second), not an overdriven input.
     */
    static final int CLIP_MIN_SAMPLES = 3;

    private final StationConfig config;
    private final Changes changes;
    private final LongConsumer stored;
    private final int bytesPerSample;
    private LevelMeter meter;
    private SilenceDetector[] silence;
    private boolean[] clipping;
    private long windowFrames;
    private volatile boolean broken;
    private volatile long frames;
    private volatile List<ChannelReading> readings = List.of();

    LevelTap(StationConfig config, Changes changes, LongConsumer stored) {
        this.config = config;
        this.changes = changes;
        this.stored = stored;
        this.bytesPerSample = StationService.bytesPerSample(config.format());
        newSession();
    }

    /** A tap that tells nobody (the station benchmark times it alone). */
    public static LevelTap forBenchmark(StationConfig config) {
        return new LevelTap(config, (condition, on, detail, kind, sampleIndex, framesAgo) -> { }, frames -> { });
    }

    /** Fresh meters for a new session (the capture thread is not running yet). */
    synchronized void newSession() {
        meter = new LevelMeter(config.channels(), bytesPerSample, config.format().equals("f32"));
        silence = new SilenceDetector[config.channels()];
        for (int i = 0; i < silence.length; i++) {
            silence[i] = new SilenceDetector(config.silentDbfs(), config.silentForNs());
        }
        clipping = new boolean[config.channels()];
        windowFrames = 0;
        frames = 0;
        readings = List.of(); // the last session's levels (a silent channel) are not the new one's
    }

    /** {@code inner}, with every buffer it took measured afterwards. */
    public AudioSink wrap(AudioSink inner) {
        return new AudioSink() {
            @Override
            public void write(byte[] data, int n) throws IOException {
                inner.write(data, n);
                try {
                    add(data, n);
                } catch (RuntimeException e) {
                    // The tap must never end a recording: levels stop, the audio goes on.
                    if (!broken) {
                        broken = true;
                        org.slf4j.LoggerFactory.getLogger(LevelTap.class).error("level tap failed; levels stop", e);
                    }
                }
            }

            @Override
            public void syncHeaders() throws IOException {
                inner.syncHeaders();
            }

            @Override
            public void close() throws IOException {
                inner.close();
            }
        };
    }

    private synchronized void add(byte[] data, int n) {
        stored.accept(n);
        if (broken) {
            return;
        }
        meter.add(data, n);
        windowFrames += n;
        frames += n;
        if (windowFrames >= config.rateHz()) {
            window();
        }
    }

    private void window() {
        long windowNs = windowFrames * 1_000_000_000L / config.rateHz();
        long endNs = frames * 1_000_000_000L / config.rateHz();
        long thisWindowFrames = windowFrames;
        windowFrames = 0;
        ChannelLevel[] w = meter.takeWindow();
        List<ChannelReading> out = new ArrayList<>(w.length);
        for (int ch = 0; ch < w.length; ch++) {
            String name = name(ch);
            int c = ch;
            silence[ch].window(endNs, w[ch].rmsDbfs(), windowNs).ifPresent(change -> {
                long at = Math.min(frames, change.atNs() * config.rateHz() / 1_000_000_000L);
                changes.changed("channel " + (c + 1) + " silent", change.silent(),
                        "channel " + (c + 1) + " (" + name + ") " + (change.silent() ? "silent" : "has sound again")
                                + String.format(", RMS %.1f dBFS", change.rmsDbfs()),
                        change.silent() ? SessionEvent.Kind.CHANNEL_SILENT : SessionEvent.Kind.CHANNEL_SOUND,
                        at, frames - at);
            });
            boolean clipped = w[ch].clippedSamples() >= CLIP_MIN_SAMPLES;
            if (clipped != clipping[ch]) {
                clipping[ch] = clipped;
                changes.changed("channel " + (ch + 1) + " clipping", clipped, "channel " + (ch + 1) + " (" + name + ") "
                        + (clipped ? w[ch].clippedSamples() + " samples clipped" : "no longer clipping"),
                        clipped ? SessionEvent.Kind.CHANNEL_CLIPPING : SessionEvent.Kind.CHANNEL_CLIPPING_END,
                        frames - thisWindowFrames, thisWindowFrames);
            }
            out.add(new ChannelReading(ch + 1, name, w[ch].peakDbfs(), w[ch].rmsDbfs(), w[ch].clippedSamples(),
                    silence[ch].silent(), w[ch].dcOffsetFullScale(),
                    dbfs(Math.abs(w[ch].dcOffsetFullScale()))));
        }
        readings = List.copyOf(out);
    }

    /** As the levels: 20 log10, -200 for nothing. */
    private static double dbfs(double fractionOfFullScale) {
        return fractionOfFullScale <= 1e-10 ? -200 : 20 * Math.log10(fractionOfFullScale);
    }

    private String name(int ch) {
        return config.channelNames().isEmpty() ? "ch" + (ch + 1) : config.channelNames().get(ch);
    }

    List<ChannelReading> readings() {
        return readings;
    }

    long frames() {
        return frames;
    }

    /** The conditions wrong now, as status lines. */
    synchronized List<String> problems() {
        List<String> out = new ArrayList<>();
        for (int ch = 0; ch < silence.length; ch++) {
            if (silence[ch].silent()) {
                out.add("channel " + (ch + 1) + " silent");
            }
            if (clipping[ch]) {
                out.add("channel " + (ch + 1) + " clipping");
            }
        }
        return out;
    }
}
