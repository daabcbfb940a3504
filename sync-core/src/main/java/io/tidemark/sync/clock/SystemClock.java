package io.tidemark.sync.clock;

/**
 * The workstation's clocks as Tidemark reads them. The real one reads the kernel; the simulated one
 * reads a simulated oscillator, so every stage above this interface runs unchanged in simulation.
 */
public interface SystemClock {

    /** CLOCK_REALTIME in ns since the Unix epoch. */
    long realtimeNs();

    /** CLOCK_MONOTONIC_RAW in ns. */
    long monoRawNs();

    /** Both clocks, read as close together as the implementation can. */
    default ClockReading read() {
        long raw0 = monoRawNs();
        long real = realtimeNs();
        long raw1 = monoRawNs();
        // Midpoint of the raw reads brackets the realtime read: halves the read-order bias.
        return new ClockReading(real, raw0 + (raw1 - raw0) / 2);
    }

    /** The best clock this platform offers: JNA clock_gettime on Linux, the JDK's clocks elsewhere. */
    static SystemClock platform() {
        return LinuxSystemClock.isAvailable() ? new LinuxSystemClock() : new JavaSystemClock();
    }
}
