package io.tidemark.analysis.deployment;

/**
 * Time between two consecutive sessions of a deployment in which nothing was recorded: from the end
 * of the last sample of {@code afterSession} to the first sample of {@code beforeSession}, both taken
 * from sample counters and stamps (never from file names or sizes).
 *
 * @param startUtcNs UTC ns at which the earlier session's last sample ended
 * @param endUtcNs   UTC ns of the later session's first sample
 * @param detail     what the cause rests on, for people
 */
public record Gap(String afterSession, String beforeSession, long startUtcNs, long endUtcNs, GapCause cause,
                  String detail) {

    /**
     * The gap between consecutive sessions {@code a} and {@code b}, its cause from how {@code a} ended:
     * its stop reason, a device loss it never recovered from, and, when it did not stop at all, whether
     * {@code b} began on the same boot (the process crashed) or another (the machine went down).
     */
    public static Gap between(SessionSpan a, SessionSpan b) {
        String reason = a.stopReason();
        GapCause cause;
        String detail;
        if ("disk_full".equals(reason)) {
            cause = GapCause.DISK_FULL;
            detail = "stopped: disk full";
        } else if ("device_gone".equals(reason) || a.endedOnDeviceLoss() && !CLEAN_STOPS.contains(String.valueOf(reason))) {
            // A session that ended while its device was gone lost it first, whatever stopped it after.
            cause = GapCause.DEVICE_LOST;
            detail = (reason == null ? "no stop recorded" : "stopped: " + reason) + "; the device was lost and not back";
        } else if (reason != null && CLEAN_STOPS.contains(reason)) {
            cause = GapCause.CLEAN_STOP;
            detail = "stopped: " + reason;
        } else if (reason == null || "crashed".equals(reason)) {
            String why = reason == null ? "no stop recorded" : "no clean stop (repaired after a crash)";
            if (a.bootId() != null && a.bootId().equals(b.bootId())) {
                cause = GapCause.CRASH;
                detail = why + "; the next session ran on the same boot";
            } else if (a.bootId() != null && b.bootId() != null) {
                cause = GapCause.UNKNOWN;
                detail = why + "; the machine booted again before the next session (power cut or reboot)";
            } else {
                cause = GapCause.UNKNOWN;
                detail = why + "; no boot id to tell a crash from a power cut";
            }
        } else {
            cause = GapCause.UNKNOWN;
            detail = "stopped: " + reason;
        }
        return new Gap(a.sessionId(), b.sessionId(), a.endUtcNs(), b.firstUtcNs(), cause, detail);
    }

    /** sessions.stop_reason values of a session stopped on purpose. */
    private static final java.util.Set<String> CLEAN_STOPS = java.util.Set.of("completed", "interrupted", "user_stopped", "end_of_input");

    public long lengthNs() {
        return endUtcNs - startUtcNs;
    }

    /** True when {@code utcNs} falls inside the gap. */
    public boolean contains(long utcNs) {
        return utcNs >= startUtcNs && utcNs < endUtcNs;
    }
}
