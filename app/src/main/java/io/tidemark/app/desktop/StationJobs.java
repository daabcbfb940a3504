package io.tidemark.app.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.station.api.ExportRequest;
import io.tidemark.common.Json;
import io.tidemark.common.TidemarkException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/**
 * The app's side of the station's export jobs ({@code /api/jobs}, docs/station.md): start, poll, cancel, and fetch
 * the file. A refusal or failure is one line (the station's own, which names the remedy).
 */
public final class StationJobs {

    private final URI station;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StationJobs(URI station, String token) {
        this.station = station;
        this.token = token;
    }

    URI station() {
        return station;
    }

    /** Starts an export on the station; its first status (id, file). */
    JsonNode startExport(ExportRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(station.resolve("/api/jobs/export"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(request))));
        return answer(r, 202, "the station refused the export");
    }

    JsonNode status(String id) throws IOException, InterruptedException {
        return answer(send(HttpRequest.newBuilder(station.resolve("/api/jobs/" + id)).GET()), 200,
                "the station lost the job");
    }

    /** Cancels a running job (the station removes its file), or drops a finished one's station-side copy. */
    JsonNode cancel(String id) throws IOException, InterruptedException {
        return answer(send(HttpRequest.newBuilder(station.resolve("/api/jobs/" + id)).DELETE()), 200,
                "the station did not cancel the job");
    }

    /**
     * Fetches a finished job's file into {@code to}, a new file (never over one); bytes so far to {@code bytes}. An
     * interrupt ends it; a partial file is removed.
     */
    long download(String id, Path to, LongConsumer bytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(authorised(HttpRequest.newBuilder(station.resolve("/api/jobs/" + id + "/file"))
                .GET()).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readAllBytes();
            }
            throw new TidemarkException("cannot fetch the export: " + errorOf(r.statusCode(), new String(body)), "");
        }
        OutputStream file;
        try {
            file = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            r.body().close();
            throw new TidemarkException(to + " already exists", "choose another file; Tidemark never overwrites a file");
        }
        long n = 0;
        boolean complete = false;
        try (InputStream in = r.body(); OutputStream out = file) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) >= 0; ) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException();
                }
                out.write(buf, 0, k);
                n += k;
                bytes.accept(n);
            }
            complete = true;
        } finally {
            if (!complete) {
                Files.deleteIfExists(to); // CREATE_NEW made it: it is ours
            }
        }
        long expected = r.headers().firstValueAsLong("Content-Length").orElse(n);
        if (n != expected) {
            Files.deleteIfExists(to);
            throw new TidemarkException("the export's download ended after " + n + " of " + expected + " bytes",
                    "export again");
        }
        return n;
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(authorised(b).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode answer(HttpResponse<String> r, int expected, String what) throws IOException {
        if (r.statusCode() != expected) {
            throw new TidemarkException(what + ": " + errorOf(r.statusCode(), r.body()), "");
        }
        return Json.MAPPER.readTree(r.body());
    }

    /** The station's one-line error, else the HTTP status (a station too old for jobs answers 404). */
    private static String errorOf(int status, String body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through
        }
        return "HTTP " + status;
    }
}
