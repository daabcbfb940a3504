package io.tidemark.sync.clock;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;

/** Linux clock_gettime through JNA direct mapping: ns resolution, and CLOCK_MONOTONIC_RAW, which the JDK lacks. */
public final class LinuxSystemClock implements SystemClock {

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC_RAW = 4;

    /** struct timespec on LP64 Linux. */
    @Structure.FieldOrder({"tv_sec", "tv_nsec"})
    public static final class Timespec extends Structure {
        public long tv_sec;
        public long tv_nsec;
    }

    private static final class Libc {
        static native int clock_gettime(int clockId, Timespec ts);

        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }
    }

    private static final boolean AVAILABLE = probe();

    private static boolean probe() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            return Libc.clock_gettime(CLOCK_MONOTONIC_RAW, new Timespec()) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    public static boolean isAvailable() {
        return AVAILABLE;
    }

    // One structure per thread: no allocation on the capture path.
    private final ThreadLocal<Timespec> scratch = ThreadLocal.withInitial(Timespec::new);

    private long read(int clockId) {
        Timespec ts = scratch.get();
        if (Libc.clock_gettime(clockId, ts) != 0) {
            throw new IllegalStateException("clock_gettime(" + clockId + ") failed: errno " + Native.getLastError());
        }
        ts.read();
        return ts.tv_sec * 1_000_000_000L + ts.tv_nsec;
    }

    @Override
    public long realtimeNs() {
        return read(CLOCK_REALTIME);
    }

    @Override
    public long monoRawNs() {
        return read(CLOCK_MONOTONIC_RAW);
    }
}
