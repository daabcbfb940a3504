package io.tidemark.app.station.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The station's control API: HTTP/1.1 on the JDK's server, loopback by default.
 * <ul>
 *   <li>{@code GET /api/status}, {@code /api/levels}, {@code /api/events?since=ID}: JSON;</li>
 *   <li>{@code GET /api/stream[?hz=N]}: server-sent events of status, levels and new events, up to 10 Hz;</li>
 *   <li>{@code POST /api/recording/stop}, {@code /api/recording/start}: need {@code Authorization: Bearer TOKEN};</li>
 *   <li>{@code GET /metrics}: Prometheus text format;</li>
 *   <li>{@code POST /api/jobs/export} (token), {@code GET /api/jobs/ID}, {@code DELETE /api/jobs/ID} (token),
 *   {@code GET /api/jobs/ID/file}: export jobs on the station's deployment ({@link ExportJobs}).</li>
 * </ul>
 * A POST without the token from the token file gets 401 and changes nothing. Binding anything but
 * loopback without a token file is refused at start.
 */
public final class ControlApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
    static final int MAX_STREAM_HZ = 10;
    static final int MAX_STREAMS = 8;
    static final int MAX_EVENTS = 1000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final StationView view;
    /** Built on the first scrape: the metrics library's classes cost a restart ~0.3 s before the first buffer. */
    private volatile StationMetrics metrics;
    private final byte[] token;
    /** Null: this station runs no jobs. */
    private final ExportJobs jobs;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile boolean closing;

    private ControlApi(HttpServer server, ExecutorService threads, StationView view, byte[] token, ExportJobs jobs) {
        this.server = server;
        this.jobs = jobs;
        this.threads = threads;
        this.view = view;
        this.token = token;
    }

    private StationMetrics metrics() {
        StationMetrics m = metrics;
        if (m == null) {
            synchronized (this) {
                m = metrics;
                if (m == null) {
                    m = new StationMetrics(view);
                    metrics = m;
                }
            }
        }
        return m;
    }

    /** Starts serving; throws a one-line {@link UserError} for a bad bind, a missing token or a port in use. */
    public static ControlApi start(ApiSettings settings, StationView view) {
        return start(settings, view, null);
    }

    /** As above, serving {@code jobs} under /api/jobs (null: none); closing the API closes them. */
    public static ControlApi start(ApiSettings settings, StationView view, ExportJobs jobs) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.bind());
        } catch (UnknownHostException e) {
            throw new UserError("api.bind '" + settings.bind() + "' is not an address of this machine",
                    "use 127.0.0.1, or an address of one of its interfaces");
        }
        byte[] token = null;
        if (settings.tokenFile() != null) {
            token = readToken(settings.tokenFile());
        } else if (!address.isLoopbackAddress()) {
            throw new UserError("refusing to serve the control API on " + settings.bind() + " without a token file",
                    "set api.tokenFile, or bind 127.0.0.1");
        }
        if (settings.port() < 0 || settings.port() > 65_535) {
            throw new UserError("api.port must be 0..65535, not " + settings.port(), "choose another port");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, settings.port()), 16);
        } catch (BindException e) {
            throw new UserError("cannot listen on " + settings.bind() + ":" + settings.port() + " (" + e.getMessage() + ")",
                    "choose another api.port, or stop what listens there");
        } catch (IOException e) {
            throw new UserError("cannot start the control API on " + settings.bind() + ":" + settings.port()
                    + " (" + e.getMessage() + ")", "check api.bind and api.port");
        }
        ExecutorService threads = Executors.newFixedThreadPool(MAX_STREAMS + 4, r -> {
            Thread t = new Thread(r, "control-api");
            t.setDaemon(true);
            return t;
        });
        ControlApi api = new ControlApi(server, threads, view, token, jobs);
        server.setExecutor(threads);
        server.createContext("/", api::handle);
        server.start();
        log.info("control API on {}", api.address());
        return api;
    }

    private static byte[] readToken(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UserError("cannot read the API token file " + file + " (" + e.getMessage() + ")",
                    "create it with one line of random text, readable by the station's user");
        }
        if (text.isEmpty() || text.contains("\n")) {
            throw new UserError("the API token file " + file + " must hold one non-empty line",
                    "write one line of random text into it");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            switch (path) {
                case "/api/status" -> get(x, method, () -> json(x, 200, view.status()));
                case "/api/levels" -> get(x, method, () -> json(x, 200, view.levels()));
                case "/api/events" -> get(x, method, () -> json(x, 200,
                        view.eventsAfter(queryLong(x.getRequestURI(), "since", 0), MAX_EVENTS)));
                case "/api/stream" -> get(x, method, () -> stream(x));
                case "/metrics" -> get(x, method, () -> {
                    StationMetrics metrics = metrics();
                    x.getResponseHeaders().set("Content-Type", metrics.contentType());
                    x.sendResponseHeaders(200, 0);
                    metrics.write(x.getResponseBody());
                });
                case "/api/recording/stop" -> post(x, method, () -> change(x, view.stopRecording(), "not recording"));
                case "/api/recording/start" -> post(x, method, () -> change(x, view.startRecording(), "already recording"));
                default -> {
                    if (path.startsWith(JOBS)) {
                        jobs(x, method, path.substring(JOBS.length()));
                    } else {
                        json(x, 404, Map.of("error", "no such resource: " + path));
                    }
                }
            }
        } catch (BadRequest e) {
            json(x, 400, Map.of("error", e.getMessage()));
        } catch (IOException e) {
            log.debug("control API client went away: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("control API failure on {}", x.getRequestURI(), e);
            try {
                json(x, 500, Map.of("error", "internal error: " + e));
            } catch (IOException ignored) {
                // the client is gone too
            }
        } finally {
            x.close();
        }
    }

    private static final String JOBS = "/api/jobs/";
    /** An export request is a few fields: anything larger is not one. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectReader EXPORT_REQUEST = Json.MAPPER
            .readerFor(ExportRequest.class)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** /api/jobs/export, /api/jobs/ID and /api/jobs/ID/file. */
    private void jobs(HttpExchange x, String method, String rest) throws IOException {
        if (jobs == null) {
            json(x, 404, Map.of("error", "this station runs no jobs; export on the machine that holds the deployment"));
            return;
        }
        if (rest.equals("export")) {
            post(x, method, () -> startExport(x));
            return;
        }
        boolean file = rest.endsWith("/file");
        String id = file ? rest.substring(0, rest.length() - "/file".length()) : rest;
        if (!id.matches("[0-9a-f]{1,64}")) {
            json(x, 404, Map.of("error", "no such resource: " + JOBS + rest));
            return;
        }
        if (file) {
            get(x, method, () -> sendJobFile(x, id));
        } else if (method.equals("DELETE")) {
            authorisedOr401(x, () -> {
                try {
                    var s = jobs.cancel(id, 10_000);
                    if (s.isPresent()) {
                        json(x, 200, s.get());
                    } else {
                        json(x, 404, Map.of("error", "no job " + id + " (a station restart forgets its jobs)"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } else if (!method.equals("GET")) {
            x.getResponseHeaders().set("Allow", "GET, DELETE");
            json(x, 405, Map.of("error", method + " is not allowed here; use GET, or DELETE to cancel"));
        } else {
            get(x, method, () -> {
                var s = jobs.status(id);
                if (s.isPresent()) {
                    json(x, 200, s.get());
                } else {
                    json(x, 404, Map.of("error", "no job " + id + " (a station restart forgets its jobs)"));
                }
            });
        }
    }

    private void startExport(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            throw new BadRequest("the export request is larger than " + MAX_REQUEST_BYTES + " bytes");
        }
        ExportRequest r;
        try {
            r = EXPORT_REQUEST.readValue(body);
        } catch (IOException e) {
            throw new BadRequest("cannot read the export request (" + e.getMessage().lines().findFirst().orElse("")
                    + "); send JSON {\"fromUtc\": ISO-8601, \"toUtc\": ISO-8601, \"channels\": [1, 2],"
                    + " \"resample\": false, \"fillGaps\": false}");
        }
        if (r == null || r.fromUtc() == null || r.toUtc() == null) {
            throw new BadRequest("an export needs fromUtc and toUtc (ISO-8601 UTC, e.g. 2026-11-21T19:30:00Z)");
        }
        try {
            JobStatus s = jobs.start(r);
            x.getResponseHeaders().set("Location", JOBS + s.id());
            json(x, 202, s);
        } catch (ExportJobs.Busy e) {
            json(x, 409, Map.of("error", e.getMessage()));
        }
    }

    private void sendJobFile(HttpExchange x, String id) throws IOException {
        var file = jobs.file(id);
        if (file.isEmpty()) {
            var s = jobs.status(id);
            json(x, s.isPresent() ? 409 : 404, Map.of("error", s.isPresent()
                    ? "job " + id + " is " + s.get().state() + "; its file can be fetched once it is done"
                    : "no job " + id + " (a station restart forgets its jobs)"));
            return;
        }
        Path f = file.get();
        x.getResponseHeaders().set("Content-Type", "audio/wav");
        x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + f.getFileName() + "\"");
        x.sendResponseHeaders(200, Files.size(f));
        Files.copy(f, x.getResponseBody());
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void get(HttpExchange x, String method, Action a) throws IOException {
        if (!method.equals("GET")) {
            x.getResponseHeaders().set("Allow", "GET");
            json(x, 405, Map.of("error", method + " is not allowed here; use GET"));
            return;
        }
        a.run();
    }

    private void post(HttpExchange x, String method, Action a) throws IOException {
        if (!method.equals("POST")) {
            x.getResponseHeaders().set("Allow", "POST");
            json(x, 405, Map.of("error", method + " is not allowed here; use POST"));
            return;
        }
        authorisedOr401(x, a);
    }

    /** Runs {@code a} when the request carries the token; else 401 and nothing changes. */
    private void authorisedOr401(HttpExchange x, Action a) throws IOException {
        if (!authorised(x)) {
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tidemark\"");
            json(x, 401, Map.of("error", token == null
                    ? "this station has no API token file, so nothing can be changed over the API; set api.tokenFile"
                    : "missing or wrong bearer token; send 'Authorization: Bearer' with the token file's line"));
            return;
        }
        a.run();
    }

    private boolean authorised(HttpExchange x) {
        if (token == null) {
            return false;
        }
        String header = x.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time: the comparison does not tell how much of a guess was right
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static void change(HttpExchange x, boolean changed, String whyNot) throws IOException {
        json(x, changed ? 200 : 409, changed ? Map.of("changed", true) : Map.of("changed", false, "error", whyNot));
    }

    private void stream(HttpExchange x) throws IOException {
        long hz = Math.max(1, Math.min(MAX_STREAM_HZ, queryLong(x.getRequestURI(), "hz", MAX_STREAM_HZ)));
        if (!streams.tryAcquire()) {
            json(x, 503, Map.of("error", "too many streams open (" + MAX_STREAMS + "); close one"));
            return;
        }
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            long lastEventId = queryLong(x.getRequestURI(), "since", Long.MAX_VALUE);
            if (lastEventId == Long.MAX_VALUE) {
                List<StationEvent> recent = view.eventsAfter(0, Integer.MAX_VALUE);
                lastEventId = recent.isEmpty() ? 0 : recent.get(recent.size() - 1).id();
            }
            long periodNs = 1_000_000_000L / hz;
            long next = System.nanoTime();
            while (!closing) {
                send(out, "status", view.status());
                send(out, "levels", view.levels());
                for (StationEvent e : view.eventsAfter(lastEventId, MAX_EVENTS)) {
                    send(out, "event", e);
                    lastEventId = e.id();
                }
                out.flush();
                next += periodNs;
                long sleepNs = next - System.nanoTime();
                if (sleepNs > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleepNs);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.release();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter ONE_LINE = Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** One server-sent event; its data is one line of JSON, as the format needs. */
    private static void send(OutputStream out, String event, Object data) throws IOException {
        String json = ONE_LINE.writeValueAsString(data);
        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void json(HttpExchange x, int code, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(code, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private static long queryLong(URI uri, String name, long otherwise) {
        String q = uri.getRawQuery();
        if (q == null) {
            return otherwise;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                try {
                    return Long.parseLong(part.substring(eq + 1));
                } catch (NumberFormatException e) {
                    throw new BadRequest(name + " must be a whole number, not '" + part.substring(eq + 1) + "'");
                }
            }
        }
        return otherwise;
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        threads.shutdownNow();
        if (jobs != null) {
            jobs.close();
        }
    }
}
