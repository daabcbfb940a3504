package io.tidemark.app.station.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.common.Json;
import io.tidemark.common.TidemarkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job routes of the control API, in process with an exporter the test holds in place (the real export against
 * the CLI is {@code StationExportJobTest}): one job at a time, progress as the exporter reports it, a cancel that
 * interrupts and removes the begun file, file names that stay in exports/, and no jobs without an exporter.
 */
class ExportJobsApiTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ControlApi api;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean interrupted;

    /** Writes a begun file, reports half, then waits to be released (or interrupted). */
    private SpanExporter.Written holding(Path deployment, ExportRequest r, Path out,
                                         java.util.function.DoubleConsumer progress) throws Exception {
        if (r.fromUtc().equals("bad")) {
            throw new TidemarkException("cannot read 'bad' as a UTC instant", "write it as ISO-8601 with a Z");
        }
        Files.write(out, new byte[1000]);
        progress.accept(0.5);
        try {
            release.await();
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        }
        progress.accept(1.0);
        return new SpanExporter.Written(out, 250, 1_700_000_000_000_000_000L);
    }

    private void start(boolean withJobs) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "tok\n");
        api = ControlApi.start(new ApiSettings("127.0.0.1", 0, token), new ControlApiTest.FakeStation(),
                withJobs ? new ExportJobs(Files.createDirectories(dir.resolve("deployment")), this::holding) : null);
    }

    @AfterEach
    void close() {
        release.countDown();
        if (api != null) {
            api.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.address().getPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer tok")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitState(String id, String state) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode j = Json.MAPPER.readTree(send("GET", "/api/jobs/" + id, null).body());
            if (j.path("state").asText().equals(state) || System.nanoTime() > end) {
                return j;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void oneJobAtATimeItsProgressAndACancelThatRemovesTheBegunFile() throws Exception {
        start(true);
        HttpResponse<String> first = send("POST", "/api/jobs/export",
                "{\"fromUtc\":\"2026-01-01T00:00:00Z\",\"toUtc\":\"2026-01-01T00:01:00Z\",\"name\":\"../../etc/cut.wav\"}");
        assertEquals(202, first.statusCode(), first.body());
        JsonNode job = Json.MAPPER.readTree(first.body());
        String id = job.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{24}"), id);
        Path file = Path.of(job.get("file").asText());
        assertEquals(dir.resolve("deployment").resolve("exports").resolve("cut.wav"), file, "a plain name inside exports/");

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode running;
        do {
            running = Json.MAPPER.readTree(send("GET", "/api/jobs/" + id, null).body());
        } while (running.get("progress").asDouble() < 0.5 && System.nanoTime() < end);
        assertEquals("running", running.get("state").asText());
        assertEquals(0.5, running.get("progress").asDouble(), 0.0, "the exporter's progress: " + running);

        HttpResponse<String> second = send("POST", "/api/jobs/export",
                "{\"fromUtc\":\"2026-01-01T00:00:00Z\",\"toUtc\":\"2026-01-01T00:01:00Z\"}");
        assertEquals(409, second.statusCode(), second.body());
        String busy = Json.MAPPER.readTree(second.body()).get("error").asText();
        assertTrue(busy.contains(id) && busy.contains("DELETE /api/jobs/" + id) && !busy.contains("\n"), busy);
        assertEquals(409, send("GET", "/api/jobs/" + id + "/file", null).statusCode(), "no file before it is done");

        assertTrue(Files.exists(file), "the job had begun its file");
        HttpResponse<String> del = send("DELETE", "/api/jobs/" + id, null);
        assertEquals(200, del.statusCode(), del.body());
        assertEquals("cancelled", Json.MAPPER.readTree(del.body()).get("state").asText(), del.body());
        assertTrue(interrupted, "the cancel interrupted the export");
        assertFalse(Files.exists(file), "the begun file is removed");

        // The next job runs (the cancel's interrupt did not leak into it) and takes the name again.
        release.countDown();
        HttpResponse<String> third = send("POST", "/api/jobs/export",
                "{\"fromUtc\":\"2026-01-01T00:00:00Z\",\"toUtc\":\"2026-01-01T00:01:00Z\",\"name\":\"cut.wav\"}");
        assertEquals(202, third.statusCode(), third.body());
        String id3 = Json.MAPPER.readTree(third.body()).get("id").asText();
        JsonNode done = awaitState(id3, "done");
        assertEquals("done", done.get("state").asText(), done.toString());
        assertEquals(250, done.get("frames").asLong());
        assertEquals(1000, done.get("bytes").asLong());
        assertEquals(1.0, done.get("progress").asDouble(), 0.0);
        assertEquals(file.toString(), done.get("file").asText());
        HttpResponse<String> got = send("GET", "/api/jobs/" + id3 + "/file", null);
        assertEquals(200, got.statusCode());
        assertEquals(1000, got.body().length());

        // A name that is taken is numbered: never over a file.
        HttpResponse<String> fourth = send("POST", "/api/jobs/export",
                "{\"fromUtc\":\"2026-01-01T00:00:00Z\",\"toUtc\":\"2026-01-01T00:01:00Z\",\"name\":\"cut.wav\"}");
        assertEquals(file.resolveSibling("cut-2.wav").toString(), Json.MAPPER.readTree(fourth.body()).get("file").asText());
    }

    @Test
    void aFailedJobIsOneLineAndLeavesNoFile() throws Exception {
        start(true);
        HttpResponse<String> r = send("POST", "/api/jobs/export", "{\"fromUtc\":\"bad\",\"toUtc\":\"2026-01-01T00:01:00Z\"}");
        assertEquals(202, r.statusCode(), r.body());
        JsonNode failed = awaitState(Json.MAPPER.readTree(r.body()).get("id").asText(), "failed");
        assertEquals("cannot read 'bad' as a UTC instant; write it as ISO-8601 with a Z", failed.get("error").asText());
        assertTrue(failed.path("frames").isNull() || failed.path("frames").isMissingNode(), failed.toString());
        assertFalse(Files.exists(Path.of(failed.get("file").asText())));
    }

    @Test
    void aJobStopsRatherThanTakeTheRecordingsDiskReserve() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "tok\n");
        long[] leftS = {7200};
        api = ControlApi.start(new ApiSettings("127.0.0.1", 0, token), new ControlApiTest.FakeStation(),
                new ExportJobs(Files.createDirectories(dir.resolve("deployment")), (d, r, out, progress) -> {
                    Files.write(out, new byte[1000]);
                    leftS[0] = 3000; // the export filled the disk past the reserve
                    progress.accept(0.5);
                    return new SpanExporter.Written(out, 250, 0);
                }, () -> leftS[0], 3600));
        HttpResponse<String> r = send("POST", "/api/jobs/export", "{\"fromUtc\":\"a\",\"toUtc\":\"b\"}");
        JsonNode failed = awaitState(Json.MAPPER.readTree(r.body()).get("id").asText(), "failed");
        assertEquals("the station's disk holds only 3000 s of recording, less than the 3600 s it keeps free"
                + " (health.diskMinFree); the export stopped; free space on the station, or export a shorter span",
                failed.get("error").asText());
        assertFalse(Files.exists(Path.of(failed.get("file").asText())), "its file removed");
        HttpResponse<String> again = send("POST", "/api/jobs/export", "{\"fromUtc\":\"a\",\"toUtc\":\"b\"}");
        JsonNode refused = awaitState(Json.MAPPER.readTree(again.body()).get("id").asText(), "failed");
        assertTrue(refused.get("error").asText().startsWith("the station's disk holds only 3000 s"), refused.toString());
    }

    @Test
    void aStationWithoutAnExporterServesNoJobs() throws Exception {
        start(false);
        HttpResponse<String> r = send("POST", "/api/jobs/export", "{\"fromUtc\":\"a\",\"toUtc\":\"b\"}");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(Json.MAPPER.readTree(r.body()).get("error").asText().contains("runs no jobs"), r.body());
    }

    @Test
    void namesAndTimesBecomePlainFileNames() {
        assertEquals("passwd", ExportJobs.plainName("../../etc/passwd"));
        assertEquals("cut", ExportJobs.plainName("C:\\Users\\me\\cut.WAV"));
        assertEquals("my_cut_1", ExportJobs.plainName("my cut 1.wav"));
        assertEquals("export", ExportJobs.plainName(".."));
        assertEquals("20261121T193000.5Z", ExportJobs.compact("2026-11-21T19:30:00.5Z"));
        assertEquals("etcpasswd", ExportJobs.compact("../etc/passwd").replace(".", ""));
    }
}
