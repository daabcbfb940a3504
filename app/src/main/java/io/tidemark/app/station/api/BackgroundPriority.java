package io.tidemark.app.station.api;

import com.sun.jna.Platform;
import io.tidemark.sync.linux.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calling thread yield to capture: nice 19 for the CPU and the idle I/O class for the disk (on Linux
 * both are per thread), so that a long job on the station reads and writes only what the recorder leaves over.
 * Java's own thread priorities are ignored on Linux, hence the system calls.
 */
final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    static final int NICE = 19;
    private static final int IOPRIO_WHO_PROCESS = 1;
    private static final int IOPRIO_CLASS_IDLE = 3;
    private static final int IOPRIO_CLASS_SHIFT = 13;

    private BackgroundPriority() {
    }

    /** Lowers the calling thread; false (and a log line) where the system does not allow it. */
    static boolean lowerThisThread() {
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            int tid = Libc.gettid();
            Libc.setpriority(Libc.PRIO_PROCESS, tid, NICE);
            long ioprioSet = ioprioSetNumber();
            if (ioprioSet > 0) {
                Libc.syscall(ioprioSet, IOPRIO_WHO_PROCESS, tid, (long) IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT);
            }
            return true;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            log.warn("could not lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }

    /** ioprio_set has no glibc wrapper: its number on the architectures Tidemark runs on. */
    private static long ioprioSetNumber() {
        return switch (Platform.ARCH) {
            case "x86-64" -> 251;
            case "aarch64" -> 30;
            default -> -1;
        };
    }
}
