package io.tidemark.app.desktop;

import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.StationEvent;
import io.tidemark.app.station.api.StationStatus;
import io.tidemark.app.station.api.StationView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A station for the app's tests: eight channels of tones at known levels, channel 6 silenced, channel
 * 2 clipping. Stands in until the real {@code tidemark station run} is merged (then the tests run it as a child).
 */
final class FakeStation implements StationView {

    static final double[] PEAK_DBFS = {-20, -0.1, -12, -30, -6, -200, -18, -24};
    volatile boolean recording = true;
    volatile int stops;
    volatile int starts;
    volatile int sessionNumber = 1;
    final List<StationEvent> events = new CopyOnWriteArrayList<>(List.of(
            new StationEvent(1, 1_796_000_000_000_000_000L, "session_started", "20261204T120000Z-1")));

    String sessionId() {
        return "20261204T120000Z-" + sessionNumber;
    }

    @Override
    public StationStatus status() {
        return new StationStatus(recording ? sessionId() : null, recording, 3_723_000_000_000L, 178_704_000L, 2,
                50_000_000_000L, 41 * 86_400L, "NTP", "clockpi.local", -12_345L,
                recording ? List.of("channel 6 silent") : List.of());
    }

    @Override
    public List<ChannelReading> levels() {
        List<ChannelReading> out = new ArrayList<>();
        for (int i = 0; i < PEAK_DBFS.length; i++) {
            boolean silent = PEAK_DBFS[i] < -150;
            out.add(new ChannelReading(i + 1, "CH" + (i + 1), PEAK_DBFS[i], PEAK_DBFS[i] - 3.01,
                    PEAK_DBFS[i] > -0.5 ? 3 : 0, silent));
        }
        return out;
    }

    @Override
    public List<StationEvent> eventsAfter(long afterId, int limit) {
        return events.stream().filter(e -> e.id() > afterId).limit(limit).toList();
    }

    @Override
    public synchronized boolean stopRecording() {
        stops++;
        boolean was = recording;
        recording = false;
        return was;
    }

    @Override
    public synchronized boolean startRecording() {
        starts++;
        boolean was = recording;
        if (!was) {
            sessionNumber++;
        }
        recording = true;
        return !was;
    }
}
