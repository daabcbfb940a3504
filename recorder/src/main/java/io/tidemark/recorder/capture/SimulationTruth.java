package io.tidemark.recorder.capture;

import io.tidemark.common.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulated device really did, written beside the session so every later stage can be
 * checked against it:
 * <ul>
 * <li>{@code truth.csv}: {@code sample_index,true_utc_ns}, one row per click delivered, in the
 * recorded (delivered) sample space; flushed after each row, so a killed session keeps it.</li>
 * <li>{@code truth.json}: the parameters and every injected fault, rewritten (atomically) on each
 * fault, on each close of the device and at {@link #close()}, which marks it {@code complete}.</li>
 * </ul>
 * With no folder it only keeps the faults and counts in memory.
 */
public final class SimulationTruth implements AutoCloseable {

    public static final String JSON_NAME = "truth.json";
    public static final String CSV_NAME = "truth.csv";

    /**
     * One injected fault.
     *
     * @param kind        dropout, overrun, disconnect, or reopen (the caller closed and reopened the
     *                    device; audio meanwhile is lost)
     * @param sampleIndex recorded sample index at which the gap sits: the first frame delivered after
     *                    the fault has this index
     * @param lostFrames  device frames lost; -1 while a disconnect lasts and its end is unknown
     * @param trueNs      true UTC of the first lost frame (for a disconnect: of the moment of loss)
     */
    public record Fault(String kind, long sampleIndex, long lostFrames, long trueNs) {
    }

    private final Path dir;
    private final Map<String, Object> parameters;
    private final List<Fault> faults = new ArrayList<>();
    private final BufferedWriter csv;
    private long clicks;
    private long deliveredFrames;
    private long deviceFrames;
    private boolean closed;

    private SimulationTruth(Path dir, Map<String, Object> parameters, BufferedWriter csv) {
        this.dir = dir;
        this.parameters = parameters;
        this.csv = csv;
    }

    /**
     * Starts the truth in {@code dirOrNull} (null: memory only). Refuses to replace truth files that
     * already exist there.
     */
    public static SimulationTruth create(Path dirOrNull, Map<String, Object> parameters) {
        if (dirOrNull == null) {
            return new SimulationTruth(null, new LinkedHashMap<>(parameters), null);
        }
        try {
            Files.createDirectories(dirOrNull);
            Path csvPath = dirOrNull.resolve(CSV_NAME);
            BufferedWriter w;
            try {
                w = Files.newBufferedWriter(csvPath, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new CaptureException(csvPath + " already exists", "record into a new folder");
            }
            w.write("sample_index,true_utc_ns\n");
            w.flush();
            SimulationTruth t = new SimulationTruth(dirOrNull, new LinkedHashMap<>(parameters), w);
            t.writeJson();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulation truth in " + dirOrNull, e);
        }
    }

    /** A click went out at recorded sample {@code sampleIndex}, sampled at true UTC {@code trueUtcNs}. */
    synchronized void click(long sampleIndex, long trueUtcNs) {
        clicks++;
        if (csv != null && !closed) {
            try {
                csv.write(Long.toString(sampleIndex));
                csv.write(',');
                csv.write(Long.toString(trueUtcNs));
                csv.write('\n');
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(CSV_NAME), e);
            }
        }
    }

    /** Adds (or replaces) one entry of truth.json's parameters. */
    synchronized void parameter(String key, Object value) {
        parameters.put(key, value);
        writeJson();
    }

    /** Records a fault and returns its number, for {@link #setLostFrames}. */
    synchronized int fault(String kind, long sampleIndex, long lostFrames, long trueNs) {
        faults.add(new Fault(kind, sampleIndex, lostFrames, trueNs));
        writeJson();
        return faults.size() - 1;
    }

    synchronized void setLostFrames(int faultNumber, long lostFrames) {
        Fault f = faults.get(faultNumber);
        faults.set(faultNumber, new Fault(f.kind(), f.sampleIndex(), lostFrames, f.trueNs()));
        writeJson();
    }

    synchronized void counts(long deliveredFrames, long deviceFrames) {
        this.deliveredFrames = deliveredFrames;
        this.deviceFrames = deviceFrames;
    }

    public synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /** Clicks delivered so far (rows of truth.csv). */
    public synchronized long clicks() {
        return clicks;
    }

    /** Folder holding truth.json and truth.csv, or null when kept in memory. */
    public Path dir() {
        return dir;
    }

    /** Rewrites truth.json with the current state. */
    synchronized void checkpoint() {
        writeJson();
    }

    private void writeJson() {
        if (dir == null) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "tidemark-simulation-truth");
        doc.put("version", 1);
        doc.put("complete", closed);
        doc.put("parameters", parameters);
        doc.put("faults", faults);
        doc.put("clicks", clicks);
        doc.put("deliveredFrames", deliveredFrames);
        doc.put("deviceFrames", deviceFrames);
        Path target = dir.resolve(JSON_NAME);
        Path tmp = dir.resolve(JSON_NAME + ".tmp");
        try {
            Files.writeString(tmp, Json.write(doc) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Finalises: truth.json gets {@code "complete": true} and the final counts; truth.csv is closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeJson();
        if (csv != null) {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + dir.resolve(CSV_NAME), e);
            }
        }
    }
}
