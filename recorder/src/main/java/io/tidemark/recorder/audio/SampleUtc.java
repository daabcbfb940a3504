package io.tidemark.recorder.audio;

import java.util.OptionalLong;

/**
 * The session's best live estimate of when a sample was taken, in UTC nanoseconds since the epoch.
 * The writer asks it when a file opens and again at each header refresh, so the TimeReference can
 * follow the estimate while it improves. Empty while there is no estimate yet. May be called from
 * the thread that calls {@link RotatingBwfWriter#syncHeaders()}.
 */
@FunctionalInterface
public interface SampleUtc {

    OptionalLong utcNsOfSample(long sampleIndex);

    SampleUtc UNKNOWN = sampleIndex -> OptionalLong.empty();
}
