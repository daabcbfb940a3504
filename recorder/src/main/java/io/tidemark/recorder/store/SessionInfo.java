package io.tidemark.recorder.store;

/**
 * The {@code sessions} row: what was recorded, from what, and when. The stop fields are filled when
 * the session ends (or by repair after a crash).
 *
 * @param sessionId       the folder name, e.g. 20261121T193000Z-sim
 * @param device          the capture device's name
 * @param bufferFrames    frames per read
 * @param configJson      the effective configuration, as JSON
 * @param simulated       true for a simulated device (truth.json beside the database)
 * @param startRealtimeNs CLOCK_REALTIME when the session started
 * @param startMonoRawNs  CLOCK_MONOTONIC_RAW when the session started
 */
public record SessionInfo(String sessionId, String device, int channels, int sampleRateHz, int bitsPerSample,
                          int bufferFrames, String host, String softwareVersion, String configJson,
                          boolean simulated, long startRealtimeNs, long startMonoRawNs,
                          Long stopRealtimeNs, Long stopMonoRawNs, String stopReason) {
}
