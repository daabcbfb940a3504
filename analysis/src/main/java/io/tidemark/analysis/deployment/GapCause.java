package io.tidemark.analysis.deployment;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why recording stopped between two sessions of a deployment; {@link #text} is what index and summary print. */
public enum GapCause {
    /** The session was stopped on purpose (completed, interrupted, stopped by the user, end of input). */
    CLEAN_STOP("clean stop"),
    /** The capture device went away and the session ended on it. */
    DEVICE_LOST("device lost"),
    /** The disk filled. */
    DISK_FULL("disk full"),
    /** No clean stop, and the next session ran on the same boot: the process died and was restarted. */
    CRASH("crash"),
    /** No clean stop, and the machine booted again (power cut, reboot), or nothing tells. */
    UNKNOWN("unknown");

    public final String text;

    GapCause(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }
}
