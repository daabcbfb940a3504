package io.tidemark.app.station.api;

import java.util.List;

/**
 * What the control API reads from, and asks of, a running station. The station implements it; the
 * API only renders it. Every method is called from the API's threads and must not block on capture.
 */
public interface StationView {

    StationStatus status();

    /** The last second's level of each channel, in channel order. */
    List<ChannelReading> levels();

    /** Events with an id above {@code afterId}, oldest first, at most {@code limit}. */
    List<StationEvent> eventsAfter(long afterId, int limit);

    /** Ends the session cleanly (files closed, stop recorded as the user's); false if none was recording. */
    boolean stopRecording();

    /** Begins a new session in the same deployment; false if one is already recording. */
    boolean startRecording();
}
