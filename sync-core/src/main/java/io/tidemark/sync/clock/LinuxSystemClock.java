package io.tidemark.sync.clock;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.tidemark.sync.linux.Libc;

/** Linux clock_gettime through JNA direct mapping: ns resolution, and CLOCK_MONOTONIC_RAW, which the JDK lacks. */
public final class LinuxSystemClock implements SystemClock {

    private static final boolean AVAILABLE = probe();

    private static boolean probe() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            return Libc.clock_gettime(Libc.CLOCK_MONOTONIC_RAW, new long[2]) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    public static boolean isAvailable() {
        return AVAILABLE;
    }

    // One structure per thread: no allocation on the capture path.
    private final ThreadLocal<long[]> scratch = ThreadLocal.withInitial(() -> new long[2]);

    private long read(int clockId) {
        long[] ts = scratch.get();
        if (Libc.clock_gettime(clockId, ts) != 0) {
            throw new IllegalStateException("clock_gettime(" + clockId + ") failed: errno " + Native.getLastError());
        }
        return ts[0] * 1_000_000_000L + ts[1];
    }

    @Override
    public long realtimeNs() {
        return read(Libc.CLOCK_REALTIME);
    }

    @Override
    public long monoRawNs() {
        return read(Libc.CLOCK_MONOTONIC_RAW);
    }
}
