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

    /** A pair whose raw reads lie further apart than this was interrupted between them: read again. */
    long MAX_READ_BRACKET_NS = 50_000;

    /** How often {@link #read} tries for a tight pair before it settles for the tightest it saw. */
    int READ_ATTEMPTS = 16;

    /**
     * Both clocks, read as close together as the implementation can. A virtual CPU can be descheduled
     * for hundreds of milliseconds between two reads, which would pair a REALTIME with a RAW from
     * another moment; so the REALTIME read is bracketed by two RAW reads, and a wide bracket is retried.
     */
    default ClockReading read() {
        ClockReading best = null;
        long bestBracketNs = Long.MAX_VALUE;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long raw0 = monoRawNs();
            long real = realtimeNs();
            long raw1 = monoRawNs();
            long bracketNs = raw1 - raw0;
            if (bracketNs < bestBracketNs) {
                bestBracketNs = bracketNs;
                // Midpoint of the raw reads: halves the read-order bias.
                best = new ClockReading(real, raw0 + bracketNs / 2);
            }
            if (bracketNs <= MAX_READ_BRACKET_NS) {
                break;
            }
        }
        return best;
    }

    /** The best clock this platform offers: JNA clock_gettime on Linux, the JDK's clocks elsewhere. */
    static SystemClock platform() {
        return LinuxSystemClock.isAvailable() ? new LinuxSystemClock() : new JavaSystemClock();
    }
}
