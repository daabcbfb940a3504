package io.tidemark.app.station.api;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The station's state as Prometheus metrics, read from the {@link StationView} at each scrape (the
 * Prometheus Java client writes the text format). Base units in names: seconds, bytes.
 */
public final class StationMetrics {

    static final List<String> SYNC_STATES = List.of("PTP_LOCKED", "NTP", "HOLDOVER", "NONE");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public StationMetrics(StationView view) {
        gauge("tidemark_recording", "1 while a session is recording, else 0",
                cb -> cb.call(view.status().recording() ? 1 : 0));
        gauge("tidemark_session_elapsed_seconds", "time since the current session began",
                cb -> cb.call(view.status().elapsedNs() / 1e9));
        gauge("tidemark_session_frames", "frames stored in the current session",
                cb -> cb.call(view.status().framesRecorded()));
        gauge("tidemark_session_files", "audio files of the current session", cb -> cb.call(view.status().files()));
        gauge("tidemark_disk_free_bytes", "free space on the folder recorded to",
                cb -> cb.call(view.status().diskFreeBytes()));
        gauge("tidemark_disk_left_seconds", "recording time left in every configured folder at the current rate",
                cb -> cb.call(view.status().diskSecondsLeft()));
        gauge("tidemark_device_present", "0 while the capture device is absent (retried), else 1",
                cb -> cb.call(view.status().health().stream().anyMatch(h -> h.startsWith("device absent")) ? 0 : 1));
        gauge("tidemark_health_problems", "conditions that are wrong now", cb -> cb.call(view.status().health().size()));
        gauge("tidemark_ntp_offset_seconds", "offset of the chosen NTP server's last sample", cb -> {
            Long offsetNs = view.status().ntpOffsetNs();
            if (offsetNs != null) {
                cb.call(offsetNs / 1e9);
            }
        });
        GaugeWithCallback.builder().name("tidemark_sync_state").help("1 for the sync engine's current state")
                .labelNames("state").callback(cb -> {
                    String now = view.status().syncState();
                    for (String s : SYNC_STATES) {
                        cb.call(s.equals(now) ? 1 : 0, s);
                    }
                }).register(registry);
        channelGauge("tidemark_channel_peak_dbfs", "peak level over the last second, dB full scale", ChannelReading::peakDbfs, view);
        channelGauge("tidemark_channel_rms_dbfs", "RMS level over the last second, dB full scale", ChannelReading::rmsDbfs, view);
        channelGauge("tidemark_channel_clipped_samples", "samples at or past full scale in the last second",
                c -> c.clippedSamples(), view);
        channelGauge("tidemark_channel_silent", "1 while the channel is judged dead", c -> c.silent() ? 1 : 0, view);
    }

    private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
    }

    private void channelGauge(String name, String help, java.util.function.ToDoubleFunction<ChannelReading> value,
                              StationView view) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("channel", "name").callback(cb -> {
            for (ChannelReading c : view.levels()) {
                cb.call(value.applyAsDouble(c), Integer.toString(c.channel()), c.name());
            }
        }).register(registry);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
