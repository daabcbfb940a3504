package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.analysis.deployment.Deployment;
import io.tidemark.analysis.deployment.SessionSpan;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export jobs over the control API of a real {@code tidemark station run} child on the simulated device: the station
 * records a first session of 12 s, is stopped and started over the API, and exports out of its own deployment
 * folder while the second session records. A job writes what {@code tidemark export DEPLOYMENT} writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StationExportJobTest {

    static final long FIRST_SESSION_FRAMES = 12 * 48_000L;

    private Path dir;
    private StationChild station;
    private SessionSpan first;

    @BeforeAll
    void recordAClosedSessionAndANewOne() throws Exception {
        dir = Files.createTempDirectory("station-jobs");
        station = StationChild.start(dir);
        station.statusWhen(s -> s.path("framesRecorded").asLong() >= FIRST_SESSION_FRAMES);
        assertEquals(200, station.send("POST", "/api/recording/stop", null, StationChild.TOKEN).statusCode());
        station.statusWhen(s -> !s.path("recording").asBoolean());
        assertEquals(200, station.send("POST", "/api/recording/start", null, StationChild.TOKEN).statusCode());
        station.statusWhen(s -> s.path("recording").asBoolean() && s.path("framesRecorded").asLong() >= 6 * 48_000L);
        first = Deployment.open(station.deployment, n -> { }).sessions().get(0);
    }

    @AfterAll
    void stop() throws Exception {
        if (station != null) {
            station.close();
        }
        if (dir != null) {
            StationChild.deleteTree(dir);
        }
    }

    private static String iso(long utcNs) {
        return UtcNanos.toInstant(utcNs).toString();
    }

    private static String body(String from, String to, String channels, boolean resample, boolean fillGaps) {
        return "{\"fromUtc\":\"" + from + "\",\"toUtc\":\"" + to + "\",\"channels\":" + channels
                + ",\"resample\":" + resample + ",\"fillGaps\":" + fillGaps + "}";
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> r = station.send("POST", "/api/jobs/export", body, StationChild.TOKEN);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertEquals("/api/jobs/" + j.get("id").asText(), r.headers().firstValue("Location").orElse(""));
        return j;
    }


    @Test
    @Order(1)
    void aPostWithoutTheTokenIs401AndStartsNothing() throws Exception {
        String b = body(iso(first.firstUtcNs() + 1_000_000_000L), iso(first.firstUtcNs() + 2_000_000_000L), "null", false, false);
        HttpResponse<String> none = station.send("POST", "/api/jobs/export", b, null);
        assertEquals(401, none.statusCode(), none.body());
        HttpResponse<String> wrong = station.send("POST", "/api/jobs/export", b, "guess");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(station.exports().isEmpty(), "nothing exported: " + station.exports());
    }

    @Test
    @Order(2)
    void anExportJobWritesTheClisBytesItsProgressReachesOneAndItsFileDownloads() throws Exception {
        String from = iso(first.firstUtcNs() + 2_000_000_000L);
        String to = iso(first.firstUtcNs() + 8_000_000_000L);
        // The file's name is in its headers (FILE_UID, bext): the request names it as the CLI's --out does.
        JsonNode started = post(body(from, to, "[1,2]", true, false).replace("}", ",\"name\":\"cut.wav\"}"));
        assertEquals("running", started.get("state").asText(), started.toString());
        String id = started.get("id").asText();
        long t0 = System.nanoTime();
        JsonNode done = station.jobEnded(id);
        System.out.printf("export job: 6 s of 2 channels resampled, %d bytes, done %.0f ms after the POST%n",
                done.path("bytes").asLong(), (System.nanoTime() - t0) / 1e6);
        assertEquals("done", done.get("state").asText(), done.toString());
        assertEquals(1.0, done.get("progress").asDouble(), 0.0, done.toString());
        assertEquals(6 * 48_000L, done.get("frames").asLong(), "six seconds resampled onto the grid: " + done);
        Path onStation = Path.of(done.get("file").asText());
        assertEquals(station.deployment.resolve("exports").resolve("cut.wav"), onStation, "in the station's exports folder");
        assertEquals(Files.size(onStation), done.get("bytes").asLong());

        Path downloaded = Files.createDirectories(dir.resolve("downloaded")).resolve("cut.wav");
        HttpResponse<Path> d = station.download("/api/jobs/" + id + "/file", downloaded);
        assertEquals(200, d.statusCode());
        Path cliOut = Files.createDirectories(dir.resolve("cli")).resolve("cut.wav");
        CliRun cli = CliRun.run("export", station.deployment.toString(), "--from", from, "--to", to, "--channels", "1,2",
                "--resample", "--out", cliOut.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(Files.size(cliOut) > 6 * 48_000 * 2 * 3, "six seconds of two channels: " + Files.size(cliOut));
        assertArrayEquals(Files.readAllBytes(cliOut), Files.readAllBytes(onStation), "the job's file is the CLI's, byte for byte");
        assertArrayEquals(Files.readAllBytes(cliOut), Files.readAllBytes(downloaded), "and so is the download");

        // The job's thread yields to capture: nice 19 and the idle I/O class (per thread on Linux).
        long tid = threadId(station.process.pid(), "export-job");
        assertEquals(19, niceOf(station.process.pid(), tid), "the export thread's nice value");
        Process ionice = new ProcessBuilder("ionice", "-p", Long.toString(tid)).redirectErrorStream(true).start();
        String io = new String(ionice.getInputStream().readAllBytes()).strip();
        assertEquals(0, ionice.waitFor(), "ionice (util-linux) ran: " + io);
        assertEquals("idle", io, "the export thread's I/O class");

        // DELETE of a finished job removes the station's copy (the export, never a recording) and forgets the job.
        HttpResponse<String> del = station.send("DELETE", "/api/jobs/" + id, null, StationChild.TOKEN);
        assertEquals(200, del.statusCode(), del.body());
        assertFalse(Files.exists(onStation), "the station's copy is gone once fetched");
        assertEquals(404, station.send("GET", "/api/jobs/" + id, null, null).statusCode());
    }

    @Test
    @Order(3)
    void aCancelledJobLeavesNoFile() throws Exception {
        // Across both sessions, the gap filled, all channels resampled: seconds of work, cancelled at once.
        SessionSpan second = Deployment.open(station.deployment, n -> { }).sessions().get(1);
        JsonNode started = post(body(iso(first.firstUtcNs() + 500_000_000L), iso(second.firstUtcNs() + 5_000_000_000L),
                "null", true, true));
        String id = started.get("id").asText();
        Path file = Path.of(started.get("file").asText());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(file)) { // cancelled while it writes, not before it began
            assertTrue(System.nanoTime() < deadline, "the job never began its file");
            Thread.sleep(2);
        }
        HttpResponse<String> noToken = station.send("DELETE", "/api/jobs/" + id, null, null);
        assertEquals(401, noToken.statusCode(), "DELETE needs the token too: " + noToken.body());
        HttpResponse<String> del = station.send("DELETE", "/api/jobs/" + id, null, StationChild.TOKEN);
        assertEquals(200, del.statusCode(), del.body());
        JsonNode cancelled = Json.MAPPER.readTree(del.body());
        assertEquals("cancelled", cancelled.get("state").asText(), "the job ended by the cancel: " + cancelled);
        assertEquals("cancelled", station.jobEnded(id).get("state").asText());
        assertFalse(Files.exists(Path.of(cancelled.get("file").asText())), "no file left: " + cancelled);
        assertTrue(station.exports().isEmpty(), "nothing left in exports: " + station.exports());
        assertEquals(409, station.send("GET", "/api/jobs/" + id + "/file", null, null).statusCode());
    }

    @Test
    @Order(4)
    void aBadSpanIsOneLineInTheJobsErrorTheClisLine() throws Exception {
        List<String[]> spans = new ArrayList<>();
        spans.add(new String[]{"yesterday", iso(first.firstUtcNs() + 2_000_000_000L)});
        spans.add(new String[]{"2001-01-01T00:00:00Z", "2001-01-01T00:00:05Z"}); // long before anything recorded
        for (String[] span : spans) {
            JsonNode ended = station.jobEnded(post(body(span[0], span[1], "null", false, false)).get("id").asText());
            assertEquals("failed", ended.get("state").asText(), ended.toString());
            String error = ended.get("error").asText();
            assertFalse(error.contains("\n") || error.contains("\tat "), error);
            CliRun cli = CliRun.run("export", station.deployment.toString(), "--from", span[0], "--to", span[1],
                    "--out", dir.resolve("never.wav").toString());
            assertEquals(cli.userErrorLine(), "tidemark: " + error, "the job's error is the CLI's line");
        }
        assertTrue(station.exports().isEmpty(), "a failed job leaves no file: " + station.exports());
    }

    @Test
    @Order(5)
    void aMalformedRequestIs400WithOneLine() throws Exception {
        for (String b : new String[]{"{not json", "{\"fromUtc\":\"2026-01-01T00:00:00Z\"}",
                "{\"fromUtc\":\"a\",\"toUtc\":\"b\",\"chanels\":[1]}"}) {
            HttpResponse<String> r = station.send("POST", "/api/jobs/export", b, StationChild.TOKEN);
            assertEquals(400, r.statusCode(), r.body());
            String error = Json.MAPPER.readTree(r.body()).get("error").asText();
            assertFalse(error.contains("\n"), error);
        }
        assertEquals(404, station.send("GET", "/api/jobs/0123abcd", null, null).statusCode());
    }

    /** The kernel id of the child's thread named {@code name} (Java names its threads on Linux, up to 15 bytes). */
    static long threadId(long pid, String name) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm")).strip().equals(name)) {
                    return Long.parseLong(t.getFileName().toString());
                }
            }
        }
        throw new AssertionError("no thread named " + name + " in process " + pid);
    }

    /** Field 19 of /proc/PID/task/TID/stat, counted after the command name's closing parenthesis. */
    static int niceOf(long pid, long tid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]);
    }
}
