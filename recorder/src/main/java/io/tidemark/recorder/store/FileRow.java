package io.tidemark.recorder.store;

/** A {@code files} row. {@code path} is relative to the session folder. */
public record FileRow(long id, String path, long firstSampleIndex, long frames, String status,
                      Long openedRealtimeNs, Long closedRealtimeNs) {

    public static final String RECORDING = "recording";
    public static final String CLOSED = "closed";
    public static final String REPAIRED = "repaired";
}
