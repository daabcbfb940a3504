package io.tidemark.app.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.station.api.ChannelReading;
import io.tidemark.app.station.api.StationEvent;
import io.tidemark.app.station.api.StationStatus;
import io.tidemark.common.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The app's side of the station's control API: reads {@code /api/stream} on its own thread and
 * reconnects by itself when the station goes away, so the user never has to.
 */
public final class StationClient implements AutoCloseable {

    /** What the stream delivers; called on the client's thread. */
    public interface Listener {
        /** {@code sync} is read from the same JSON field by field, so fields this build does not know still show. */
        void status(StationStatus status, SyncInfo sync);

        void levels(List<ChannelReading> levels);

        void event(StationEvent event);

        /** connected false: the station went away (one readable line why); true: the stream is back. */
        void connection(boolean connected, String why);
    }

    private static final long RECONNECT_MS = 1000;
    /**
     * Levels are one-second windows: 2 updates a second show each within half a second, at a fifth of the
     * station's cost at its 10 Hz maximum (desktop-cpu: 5 Hz cost the station 0.45-0.67 % of a core).
     */
    static final int STREAM_HZ = 2;

    /** A station newer than this app may add status fields: they must not cut the stream. */
    private static final com.fasterxml.jackson.databind.ObjectReader STATUS = Json.MAPPER.readerFor(StationStatus.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI station;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread reader;
    private volatile boolean closing;
    private volatile long lastEventId = -1;

    public StationClient(URI station, String token, Listener listener) {
        this.station = station;
        this.token = token;
        this.reader = new Thread(() -> run(listener), "station-stream");
        reader.setDaemon(true);
    }

    public void start() {
        reader.start();
    }

    private void run(Listener listener) {
        boolean wasConnected = true;
        while (!closing) {
            try {
                String since = lastEventId >= 0 ? "&since=" + lastEventId : "&since=0";
                HttpRequest req = HttpRequest.newBuilder(station.resolve("/api/stream?hz=" + STREAM_HZ + since)).GET().build();
                HttpResponse<java.io.InputStream> rsp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (rsp.statusCode() != 200) {
                    rsp.body().close();
                    throw new IOException("station answered HTTP " + rsp.statusCode() + " on /api/stream");
                }
                listener.connection(true, "connected to " + station);
                wasConnected = true;
                read(rsp.body(), listener);
                throw new IOException("the station closed the stream");
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closing) {
                    return;
                }
                if (wasConnected) {
                    listener.connection(false, "disconnected from " + station + ": " + oneLine(e) + "; reconnecting");
                    wasConnected = false;
                }
                try {
                    Thread.sleep(RECONNECT_MS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void read(java.io.InputStream in, Listener listener) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String event = null;
            String data = null;
            for (String line; !closing && (line = r.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else if (line.isEmpty() && event != null && data != null) {
                    dispatch(event, data, listener);
                    event = null;
                    data = null;
                }
            }
        }
    }

    private void dispatch(String event, String data, Listener listener) throws IOException {
        switch (event) {
            case "status" -> {
                JsonNode tree = Json.MAPPER.readTree(data);
                listener.status(STATUS.readValue(tree), SyncInfo.of(tree));
            }
            case "levels" -> listener.levels(Arrays.asList(Json.MAPPER.readValue(data, ChannelReading[].class)));
            case "event" -> {
                StationEvent e = Json.MAPPER.readValue(data, StationEvent.class);
                lastEventId = Math.max(lastEventId, e.id());
                listener.event(e);
            }
            default -> { } // a newer station's event kinds are not ours to show
        }
    }

    /** POST /api/recording/stop or start; returns null when done, else one readable line why not. */
    public String post(String action) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(station.resolve("/api/recording/" + action))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (rsp.statusCode() == 200) {
                return null;
            }
            JsonNode body = Json.MAPPER.readTree(rsp.body());
            return action + " refused: " + (body.has("error") ? body.get("error").asText() : "HTTP " + rsp.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return action + " interrupted";
        } catch (Exception e) {
            return action + " failed: " + oneLine(e);
        }
    }

    static String oneLine(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof io.tidemark.common.TidemarkException t) {
            return t.oneLine(); // problem and remedy
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        closing = true;
        reader.interrupt();
    }
}
