package io.tidemark.recorder.session;

import io.tidemark.recorder.audio.RotatingBwfWriter;

import java.io.IOException;

/** The session's audio as rotating Broadcast WAV files: an {@link AudioSink} over {@link RotatingBwfWriter}. */
public final class BwfAudioSink implements AudioSink {

    private final RotatingBwfWriter writer;
    private long nextSampleIndex;

    public BwfAudioSink(RotatingBwfWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(byte[] data, int frames) throws IOException {
        writer.write(data, 0, frames, nextSampleIndex);
        nextSampleIndex += frames;
    }

    @Override
    public void syncHeaders() throws IOException {
        writer.syncHeaders();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** Discards the audio: for stamp-only runs (a simulated day of 8 ch × 24 bit is 100 GB). */
    public static final AudioSink DISCARD = new AudioSink() {
        @Override
        public void write(byte[] data, int frames) {
        }

        @Override
        public void syncHeaders() {
        }

        @Override
        public void close() {
        }
    };
}
