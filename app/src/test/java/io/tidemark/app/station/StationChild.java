package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code tidemark station run} child JVM on the simulated device (8 channels f32 at 48 kHz) with a token
 * file, and the HTTP calls the job tests make on it.
 */
public final class StationChild implements AutoCloseable {

    public static final String TOKEN = "s3cret-token";

    public final Path deployment;
    public final int port;
    public final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StationChild(Path deployment, int port, Process process, Path log) {
        this.deployment = deployment;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a station recording into {@code dir}/deployment and waits until it has stored audio. */
    public static StationChild start(Path dir) throws Exception {
        Path deployment = Files.createDirectories(dir.resolve("deployment"));
        Path tokenFile = dir.resolve("api.token");
        Files.writeString(tokenFile, TOKEN + "\n");
        int port = freePort();
        Path config = dir.resolve("station.json");
        Files.writeString(config, "{\"device\":\"sim\",\"channels\":8,\"rateHz\":48000,\"format\":\"f32\",\"bufferMs\":100,"
                + "\"deployment\":\"" + deployment + "\",\"segment\":\"600s\","
                + "\"health\":{\"diskMinFree\":\"1m\"}," // export jobs keep this free, not 11 GB of the test machine
                + "\"api\":{\"bind\":\"127.0.0.1\",\"port\":" + port + ",\"tokenFile\":\"" + tokenFile + "\"}}");
        Path log = dir.resolve("station.log");
        StationChild s = new StationChild(deployment, port, CliRun.start(log, "station", "run", "--config",
                config.toString()), log);
        s.statusWhen(st -> st.path("recording").asBoolean() && st.path("framesRecorded").asLong() > 0);
        return s;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<Path> download(String path, Path to) throws Exception {
        return http.send(HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofFile(to));
    }

    /** Polls /api/status until {@code until} holds (30 s at most). */
    public JsonNode statusWhen(Predicate<JsonNode> until) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < end && process.isAlive()) {
            try {
                HttpResponse<String> r = send("GET", "/api/status", null, null);
                if (r.statusCode() == 200) {
                    last = Json.MAPPER.readTree(r.body());
                    if (until.test(last)) {
                        return last;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("the station's status never reached the expected state; last: " + last + "\nlog:\n" + Files.readString(log));
        return null;
    }

    /** Polls a job until it is no longer running (120 s at most); returns its last status. */
    public JsonNode jobEnded(String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            JsonNode j = Json.MAPPER.readTree(send("GET", "/api/jobs/" + id, null, null).body());
            if (!"running".equals(j.path("state").asText())) {
                return j;
            }
            if (System.nanoTime() > end) {
                fail("job " + id + " still running after 120 s: " + j);
            }
            Thread.sleep(50);
        }
    }

    /** What is in the station's exports folder (none: empty). */
    public java.util.List<Path> exports() throws IOException {
        Path folder = deployment.resolve("exports");
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    /** Removes a test's temporary folder and all in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM (a clean stop), then SIGKILL if it hangs. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
