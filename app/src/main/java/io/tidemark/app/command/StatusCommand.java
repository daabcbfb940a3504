package io.tidemark.app.command;

import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tidemark status SESSION}: what a session holds, while it records or afterwards; without SESSION, what
 * the local station says ({@code GET /api/status} of {@code --station URL}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows a session's frames, buffers, overruns, gaps, files and last stamps; without SESSION,"
                + " the running station's status (its control API).")
public final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SESSION", arity = "0..1",
            description = "the session folder (OUT/<session-id>) or its session.db; none: ask the station")
    Path session;
    @Option(names = "--station", defaultValue = "http://127.0.0.1:8765",
            description = "the station's control API, when no SESSION is given (default ${DEFAULT-VALUE})")
    String station;
    @Option(names = "--json", description = "print as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (session == null) {
            return stationStatus();
        }
        if (!Files.exists(session)) {
            throw new UserError("no session at " + session, "give a session folder made by 'tidemark record'");
        }
        Map<String, Object> m;
        try (SessionReader r = SessionReader.open(session)) {
            m = status(r);
        } catch (SQLException e) {
            throw new UserError("cannot read the session at " + session + ": " + e.getMessage(),
                    "give a session folder made by 'tidemark record'");
        }
        if (json) {
            System.out.println(Json.write(m));
        } else {
            print(m);
        }
        return 0;
    }

    /** Asks the station's API; prints its JSON as it is ({@code --json}) or one key per line. */
    private int stationStatus() throws Exception {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(station.replaceAll("/+$", "") + "/api/status");
        } catch (IllegalArgumentException e) {
            throw new UserError("--station " + station + " is not a URL", "give e.g. http://127.0.0.1:8765");
        }
        String body;
        try {
            var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
            var r = http.send(java.net.http.HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(5))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new UserError("the station at " + station + " answered HTTP " + r.statusCode(),
                        "check --station (the station's api.bind and api.port)");
            }
            body = r.body();
        } catch (java.io.IOException e) {
            throw new UserError("no station answers at " + station + " (" + e.getClass().getSimpleName() + ")",
                    "start it ('tidemark station run') or give --station URL, or give a SESSION folder");
        }
        var tree = Json.MAPPER.readTree(body);
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(tree));
        } else {
            tree.fields().forEachRemaining(e -> System.out.println(e.getKey() + ": "
                    + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
        }
        return 0;
    }

    static Map<String, Object> status(SessionReader r) throws SQLException {
        SessionInfo s = r.session();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", s.sessionId());
        m.put("device", s.device());
        m.put("format", s.channels() + " ch, " + s.sampleRateHz() + " Hz, " + s.bitsPerSample() + "-bit");
        m.put("simulated", s.simulated());
        m.put("startUtc", UtcNanos.toInstant(s.startRealtimeNs()).toString());
        m.put("stopUtc", s.stopRealtimeNs() == null ? null : UtcNanos.toInstant(s.stopRealtimeNs()).toString());
        m.put("stopReason", s.stopReason() == null ? "recording (or interrupted, not yet repaired)" : s.stopReason());
        long frames = r.frames();
        m.put("frames", frames);
        m.put("framesNs", Math.round(frames * 1e9 / s.sampleRateHz()));
        m.put("buffers", r.bufferCount());
        m.put("discontinuities", r.discontinuities());
        m.put("overruns", r.eventCount(SessionEvent.Kind.OVERRUN));
        m.put("gaps", r.eventCount(SessionEvent.Kind.GAP));
        m.put("lostFrames", r.eventFrames(SessionEvent.Kind.GAP));
        m.put("deviceLosses", r.eventCount(SessionEvent.Kind.DEVICE_LOST));
        m.put("clockSteps", r.eventCount(SessionEvent.Kind.CLOCK_STEP));
        m.put("ntpSamples", r.ntpSampleCount());
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileRow f : r.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("path", f.path());
            fm.put("firstSampleIndex", f.firstSampleIndex());
            fm.put("frames", f.frames());
            fm.put("status", f.status());
            files.add(fm);
        }
        m.put("files", files);
        BufferStamp last = r.lastBuffer();
        if (last != null) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("seq", last.seq());
            lm.put("sampleIndex", last.sampleIndex());
            lm.put("frames", last.frames());
            lm.put("sysRealtimeNs", last.sysRealtimeNs());
            lm.put("sysRealtimeUtc", UtcNanos.toInstant(last.sysRealtimeNs()).toString());
            lm.put("monoRawNs", last.monoRawNs());
            lm.put("ntpTimeNs", last.ntpTimeNs());
            lm.put("ptpTimeNs", last.ptpTimeNs());
            lm.put("flags", last.flags());
            lm.put("syncState", last.syncState().name());
            m.put("lastStamp", lm);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> m) {
        System.out.println("session:   " + m.get("sessionId") + " (" + m.get("device") + ", " + m.get("format")
                + (Boolean.TRUE.equals(m.get("simulated")) ? ", simulated" : "") + ")");
        System.out.println("started:   " + m.get("startUtc") + "   stopped: " + m.get("stopUtc") + " (" + m.get("stopReason") + ")");
        System.out.printf("frames:    %d (%.3f s at the nominal rate) in %d buffers, %d discontinuities%n",
                m.get("frames"), ((Long) m.get("framesNs")) / 1e9, m.get("buffers"), m.get("discontinuities"));
        System.out.println("overruns:  " + m.get("overruns") + "   gaps: " + m.get("gaps") + " (" + m.get("lostFrames")
                + " frames lost)   device losses: " + m.get("deviceLosses") + "   clock steps: " + m.get("clockSteps")
                + "   ntp samples: " + m.get("ntpSamples"));
        System.out.println("files:");
        for (Map<String, Object> f : (List<Map<String, Object>>) m.get("files")) {
            System.out.printf("  %-50s first %d, %d frames, %s%n", f.get("path"), f.get("firstSampleIndex"),
                    f.get("frames"), f.get("status"));
        }
        Map<String, Object> l = (Map<String, Object>) m.get("lastStamp");
        if (l != null) {
            System.out.println("last stamp: seq " + l.get("seq") + ", sample_index " + l.get("sampleIndex") + " + "
                    + l.get("frames") + ", sys " + l.get("sysRealtimeUtc") + " (" + l.get("sysRealtimeNs")
                    + " ns), mono_raw " + l.get("monoRawNs") + " ns, ntp " + l.get("ntpTimeNs") + ", flags 0x"
                    + Integer.toHexString((Integer) l.get("flags")) + " (" + l.get("syncState") + ")");
        }
    }
}
