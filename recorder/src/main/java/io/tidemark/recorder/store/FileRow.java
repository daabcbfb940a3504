package io.tidemark.recorder.store;

/**
 * A {@code files} row. {@code path} is relative to the session folder, or absolute for a file in an
 * overflow folder (so {@code sessionDir.resolve(path)} finds either); {@code dataSha256} is the hex
 * SHA-256 of the file's audio data as written (null before it closed, or for a repaired file).
 */
public record FileRow(long id, String path, long firstSampleIndex, long frames, String status,
                      Long openedRealtimeNs, Long closedRealtimeNs, String dataSha256) {

    public static final String RECORDING = "recording";
    public static final String CLOSED = "closed";
    public static final String REPAIRED = "repaired";
}
