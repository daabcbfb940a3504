package io.tidemark.recorder.session;

import io.tidemark.recorder.audio.SampleUtc;
import io.tidemark.recorder.stamp.BufferStamp;

import java.util.OptionalLong;

/**
 * The live estimate of a sample's UTC for file headers (BWF TimeReference): from the newest stamp,
 * NTP time if there is one, else the system clock, stepped back by the frames since at the nominal
 * rate. Coarse (it carries the buffer latency, ~ms); analysis fits the exact mapping afterwards.
 */
public final class LiveSampleUtc implements SampleUtc {

    private record Anchor(long endSampleIndex, long utcNs) {
    }

    private final double nsPerFrame;
    private volatile Anchor anchor;

    public LiveSampleUtc(int sampleRateHz) {
        this.nsPerFrame = 1e9 / sampleRateHz;
    }

    public void update(BufferStamp s) {
        long utc = s.ntpTimeNs() != null ? s.ntpTimeNs() : s.sysRealtimeNs();
        anchor = new Anchor(s.endSampleIndex(), utc);
    }

    @Override
    public OptionalLong utcNsOfSample(long sampleIndex) {
        Anchor a = anchor;
        if (a == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(a.utcNs - Math.round((a.endSampleIndex - sampleIndex) * nsPerFrame));
    }
}
