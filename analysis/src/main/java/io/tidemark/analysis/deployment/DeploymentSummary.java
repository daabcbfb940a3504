package io.tidemark.analysis.deployment;

import io.tidemark.recorder.store.SessionReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Builds the {@link DailySummary} of every day a deployment covers (or one day). */
public final class DeploymentSummary {

    private DeploymentSummary() {
    }

    /** Every day from the first session's first sample to the last one's end, or only {@code onlyDay} when given. */
    public static List<DailySummary> of(Deployment d, LocalDate onlyDay, Consumer<String> progress) throws SQLException {
        if (d.sessions().isEmpty()) {
            return List.of();
        }
        long first = d.sessions().get(0).firstUtcNs();
        long last = d.sessions().stream().mapToLong(SessionSpan::endUtcNs).max().orElse(first);
        LocalDate from = onlyDay != null ? onlyDay : day(first);
        LocalDate to = onlyDay != null ? onlyDay : day(last - 1);
        Map<LocalDate, Acc> acc = new TreeMap<>();
        for (LocalDate x = from; !x.isAfter(to); x = x.plusDays(1)) {
            acc.put(x, new Acc());
        }
        int n = 0;
        for (SessionSpan s : d.sessions()) {
            progress.accept(String.format(Locale.ROOT, "summary: session %d of %d (%s)", ++n, d.sessions().size(), s.sessionId()));
            if (s.endUtcNs() <= startNs(from) || s.firstUtcNs() >= startNs(to.plusDays(1))) {
                continue;
            }
            for (var e : acc.entrySet()) {
                e.getValue().recordedNs += overlap(s.firstUtcNs(), s.endUtcNs(), e.getKey());
            }
            Acc started = acc.get(day(s.firstUtcNs()));
            if (started != null) {
                started.sessionsStarted++;
            }
            long frameBytes = (long) s.channels() * (s.bitsPerSample() / 8);
            for (IndexEntry f : s.files()) {
                Acc a = acc.get(day(f.firstUtcNs()));
                if (a != null) {
                    a.fileBytes += size(s.dir().resolve(f.path()));
                }
            }
            // Frames per day from the span at the nominal rate: sample counters, not file sizes.
            for (var e : acc.entrySet()) {
                long ns = overlap(s.firstUtcNs(), s.endUtcNs(), e.getKey());
                e.getValue().dataBytes += Math.round(ns * 1e-9 * s.sampleRateHz()) * frameBytes;
            }
            readSession(s, acc);
        }
        for (Gap g : d.gaps()) {
            for (var e : acc.entrySet()) {
                long ns = overlap(g.startUtcNs(), g.endUtcNs(), e.getKey());
                if (ns > 0) {
                    e.getValue().gaps.add(new DailySummary.DayGap(g, ns));
                }
            }
        }
        for (FieldNote note : d.notes().notes()) {
            Acc a = acc.get(day(note.utcNs()));
            if (a != null) {
                a.notes.add(note);
            }
        }
        List<DailySummary> out = new ArrayList<>();
        acc.forEach((day, a) -> out.add(a.summary(day)));
        return out;
    }

    private static void readSession(SessionSpan s, Map<LocalDate, Acc> acc) throws SQLException {
        try (SessionReader r = SessionReader.open(s.dir()); Statement st = r.connection().createStatement()) {
            try (ResultSet q = st.executeQuery("SELECT realtime_ns, kind, frames FROM events")) {
                while (q.next()) {
                    Acc a = acc.get(day(q.getLong(1)));
                    if (a == null) {
                        continue;
                    }
                    String kind = q.getString(2);
                    a.events.merge(kind, 1L, Long::sum);
                    String k = kind.toLowerCase(Locale.ROOT);
                    if (k.startsWith("channel_")) { // the station's channel_silent, channel_sound, channel_clipping
                        long[] c = a.channel.computeIfAbsent(kind, x -> new long[2]);
                        c[0]++;
                        c[1] += q.getLong(3);
                    }
                    if (kind.equals("clock_step")) {
                        a.clockSteps++;
                    } else if (kind.equals("ntp_server_change")) {
                        a.sourceChanges++;
                    }
                }
            }
            try (ResultSet q = st.executeQuery("SELECT realtime_ns, kind FROM clock_events WHERE kind IN ('step', 'source')")) {
                while (q.next()) {
                    Acc a = acc.get(day(q.getLong(1)));
                    if (a != null) {
                        if (q.getString(2).equals("step")) {
                            a.clockSteps++;
                        } else {
                            a.sourceChanges++;
                        }
                    }
                }
            }
            try (ResultSet q = st.executeQuery("SELECT t4_ns, offset_ns, server FROM ntp_samples WHERE accepted <> 0")) {
                while (q.next()) {
                    Acc a = acc.get(day(q.getLong(1)));
                    if (a != null) {
                        a.offsets.add(q.getLong(2));
                        if (q.getString(3) != null) {
                            a.servers.add(q.getString(3));
                        }
                    }
                }
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static LocalDate day(long utcNs) {
        return LocalDate.ofEpochDay(Math.floorDiv(utcNs, DailySummary.DAY_NS));
    }

    static long startNs(LocalDate day) {
        return day.toEpochDay() * DailySummary.DAY_NS;
    }

    static long overlap(long a, long b, LocalDate day) {
        long s = startNs(day);
        return Math.max(0, Math.min(b, s + DailySummary.DAY_NS) - Math.max(a, s));
    }

    /** What is gathered for one day while reading. */
    private static final class Acc {
        long recordedNs;
        int sessionsStarted;
        long clockSteps;
        long sourceChanges;
        long dataBytes;
        long fileBytes;
        final List<DailySummary.DayGap> gaps = new ArrayList<>();
        final Map<String, Long> events = new TreeMap<>();
        final Map<String, long[]> channel = new TreeMap<>();
        final List<Long> offsets = new ArrayList<>();
        final TreeSet<String> servers = new TreeSet<>();
        final List<FieldNote> notes = new ArrayList<>();

        DailySummary summary(LocalDate day) {
            long[] o = offsets.stream().mapToLong(Long::longValue).sorted().toArray();
            return new DailySummary(day, recordedNs, List.copyOf(gaps), sessionsStarted, new LinkedHashMap<>(events),
                    new LinkedHashMap<>(channel), clockSteps, sourceChanges, o.length,
                    o.length == 0 ? null : o[o.length / 2], o.length == 0 ? null : o[0], o.length == 0 ? null : o[o.length - 1],
                    List.copyOf(servers), dataBytes, fileBytes, List.copyOf(notes));
        }
    }
}
