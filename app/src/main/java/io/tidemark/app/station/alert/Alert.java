package io.tidemark.app.station.alert;

/**
 * What the webhook receives: a condition that began, lasts (a repeat) or ended.
 *
 * @param condition a stable key, e.g. "device_lost", "disk_low", "channel_silent:8", "time_source"
 * @param state     RAISED when it begins, REPEAT while it lasts, CLEARED when it ends
 * @param sinceUtcNs when the condition began
 * @param atUtcNs   when this alert was made
 * @param detail    one line for a person
 */
public record Alert(String station, String condition, State state, long sinceUtcNs, long atUtcNs, String detail) {

    public enum State { RAISED, REPEAT, CLEARED }
}
