package io.tidemark.app.station;

import java.lang.management.ManagementFactory;

/**
 * Where a station's start goes, from the JVM's own start to the first stored buffer: after a crash that time is
 * a gap in the recording. Marked along the way (process-wide, as the process starts once) and told in one
 * line when the first buffer is stored, e.g. "started: command parsed 310 ms, config read 720 ms, ...".
 */
public final class StartupTimeline {

    private static final StringBuilder MARKS = new StringBuilder();

    private StartupTimeline() {
    }

    /** Notes that {@code what} is done now, in ms since the JVM started. */
    public static void mark(String what) {
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        synchronized (MARKS) {
            MARKS.append(MARKS.length() == 0 ? "" : ", ").append(what).append(' ').append(ms).append(" ms");
        }
    }

    /** The marks so far, in the order made, after the JVM's start. */
    public static String summary() {
        synchronized (MARKS) {
            return "started (ms after the JVM): " + MARKS;
        }
    }
}
