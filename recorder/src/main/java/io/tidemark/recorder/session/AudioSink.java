package io.tidemark.recorder.session;

import java.io.IOException;

/**
 * Where the session puts the audio it reads: the rotating Broadcast WAV writer in production
 * ({@link BwfAudioSink}). Frames are interleaved little-endian PCM in the capture format.
 */
public interface AudioSink extends AutoCloseable {

    void write(byte[] data, int frames) throws IOException;

    /** Brings headers up to date: everything written so far survives a crash. */
    void syncHeaders() throws IOException;

    @Override
    void close() throws IOException;
}
