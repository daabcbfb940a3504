package io.tidemark.sync.ntp;

/**
 * How the {@link NtpClient} polls and filters.
 *
 * @param burstCount           requests per poll; the one with the least delay is the poll's sample
 * @param burstSpacingNs       pause between the requests of a burst
 * @param timeoutNs            how long to wait for each reply
 * @param minPollLog2          shortest poll interval, log2 s (4 = 16 s)
 * @param maxPollLog2          longest poll interval, log2 s
 * @param delayQuantile        a burst's best sample is rejected when its delay is above this quantile
 *                             of the recent best delays (lucky-packet filter), 0 < q ≤ 1
 * @param delayHistory         how many recent burst delays that quantile looks at
 * @param modelWindow          how many accepted samples the clock model is fitted to
 * @param modelMaxAgeNs        accepted samples older than this leave the model
 * @param maxPhaseErrorNs      a floor on any sample's uncertainty (server precision, timestamping), ns
 * @param maxClockStepNs       an exchange during which CLOCK_REALTIME moved this far from the raw clock
 *                             is rejected (the system clock was stepped)
 * @param fixedPollNs          a steady poll interval, ns; 0 to adapt between the min and max poll instead
 */
public record NtpClientConfig(int burstCount, long burstSpacingNs, long timeoutNs, int minPollLog2, int maxPollLog2,
                              double delayQuantile, int delayHistory, int modelWindow, long modelMaxAgeNs,
                              long maxPhaseErrorNs, long maxClockStepNs, long fixedPollNs) {

    /** The default steady poll: 16 s, what chrony clients of a LAN server use at the short end. */
    public static final long DEFAULT_POLL_NS = 16_000_000_000L;

    public NtpClientConfig {
        if (burstCount < 1 || burstCount > 64) {
            throw new IllegalArgumentException("burstCount must be 1..64, not " + burstCount);
        }
        if (minPollLog2 < -6 || maxPollLog2 > 17 || minPollLog2 > maxPollLog2) {
            throw new IllegalArgumentException("poll range " + minPollLog2 + ".." + maxPollLog2 + " is not valid");
        }
        if (!(delayQuantile > 0 && delayQuantile <= 1)) {
            throw new IllegalArgumentException("delayQuantile must be in (0, 1], not " + delayQuantile);
        }
        if (delayHistory < 1 || modelWindow < 1 || timeoutNs <= 0 || burstSpacingNs < 0) {
            throw new IllegalArgumentException("delayHistory, modelWindow, timeoutNs must be positive");
        }
        if (fixedPollNs < 0) {
            throw new IllegalArgumentException("fixedPollNs must not be negative, not " + fixedPollNs);
        }
    }

    /**
     * For a LAN server: 8-request bursts every 16 s, steadily. An interval that grows while the model predicts
     * well (as it did, to 128 s after ten minutes) leaves the session's post-hoc fit a fifth of the exchanges.
     */
    public static NtpClientConfig defaults() {
        return new NtpClientConfig(8, 50_000_000L, 1_000_000_000L, 4, 7, 0.5, 32, 32,
                4 * 3_600_000_000_000L, 1_000L, 1_000_000L, DEFAULT_POLL_NS);
    }

    /** Adaptive polling between 2^minLog2 and 2^maxLog2 s (no steady interval). */
    public NtpClientConfig withPoll(int minLog2, int maxLog2) {
        return new NtpClientConfig(burstCount, burstSpacingNs, timeoutNs, minLog2, maxLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs, 0);
    }

    /** A steady poll every {@code intervalNs} (a Kiss-o'-Death RATE still doubles it). */
    public NtpClientConfig withFixedPoll(long intervalNs) {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("poll interval must be positive, not " + intervalNs);
        }
        return new NtpClientConfig(burstCount, burstSpacingNs, timeoutNs, minPollLog2, maxPollLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs, intervalNs);
    }

    public NtpClientConfig withBurst(int count, long spacingNs) {
        return new NtpClientConfig(count, spacingNs, timeoutNs, minPollLog2, maxPollLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs, fixedPollNs);
    }

    public NtpClientConfig withTimeout(long ns) {
        return new NtpClientConfig(burstCount, burstSpacingNs, ns, minPollLog2, maxPollLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs, fixedPollNs);
    }

    public NtpClientConfig withFilter(double quantile, int history, int window) {
        return new NtpClientConfig(burstCount, burstSpacingNs, timeoutNs, minPollLog2, maxPollLog2, quantile,
                history, window, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs, fixedPollNs);
    }
}
