package io.tidemark.app.station.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the station's conditions into alerts: one when a condition begins, one when it ends, and a
 * repeat every {@code repeatNs} while it lasts, so that a station that quietly fell back to a worse
 * time source is not "unnoticed for hours". The caller gives the time (its clock: wall or simulated) and sends
 * what it returns; safe to call from the station's several threads (capture, housekeeping, API).
 */
public final class AlertPolicy {

    private record Active(long sinceUtcNs, long lastSentUtcNs, String detail) {
    }

    private final String station;
    private final long repeatNs;
    private final Map<String, Active> active = new LinkedHashMap<>();

    /** @param repeatNs how often a lasting condition is sent again; 0 for never */
    public AlertPolicy(String station, long repeatNs) {
        if (repeatNs < 0) {
            throw new IllegalArgumentException("repeatNs must be >= 0, not " + repeatNs);
        }
        this.station = station;
        this.repeatNs = repeatNs;
    }

    /** Reports a condition's state at {@code nowUtcNs}; returns the alert to send, if any. */
    public synchronized List<Alert> report(String condition, boolean on, String detail, long nowUtcNs) {
        Active a = active.get(condition);
        if (on && a == null) {
            active.put(condition, new Active(nowUtcNs, nowUtcNs, detail));
            return List.of(new Alert(station, condition, Alert.State.RAISED, nowUtcNs, nowUtcNs, detail));
        }
        if (!on && a != null) {
            active.remove(condition);
            return List.of(new Alert(station, condition, Alert.State.CLEARED, a.sinceUtcNs(), nowUtcNs, detail));
        }
        if (on) {
            active.put(condition, new Active(a.sinceUtcNs(), a.lastSentUtcNs(), detail));
        }
        return List.of();
    }

    /** A one-off alert (a clock step, a time source change): raised and done, nothing lasts. */
    public Alert event(String condition, String detail, long nowUtcNs) {
        return new Alert(station, condition, Alert.State.RAISED, nowUtcNs, nowUtcNs, detail);
    }

    /** The repeats due at {@code nowUtcNs} for conditions that still hold. */
    public synchronized List<Alert> repeatsDue(long nowUtcNs) {
        List<Alert> due = new ArrayList<>();
        if (repeatNs == 0) {
            return due;
        }
        for (Map.Entry<String, Active> e : active.entrySet()) {
            Active a = e.getValue();
            if (nowUtcNs - a.lastSentUtcNs() >= repeatNs) {
                due.add(new Alert(station, e.getKey(), Alert.State.REPEAT, a.sinceUtcNs(), nowUtcNs, a.detail()));
                e.setValue(new Active(a.sinceUtcNs(), nowUtcNs, a.detail()));
            }
        }
        return due;
    }

    /** The conditions that hold now, in the order they began. */
    public synchronized List<String> activeConditions() {
        return List.copyOf(active.keySet());
    }
}
