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
 */
public record NtpClientConfig(int burstCount, long burstSpacingNs, long timeoutNs, int minPollLog2, int maxPollLog2,
                              double delayQuantile, int delayHistory, int modelWindow, long modelMaxAgeNs,
                              long maxPhaseErrorNs, long maxClockStepNs) {

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
    }

    /** For a LAN server: 8-request bursts, polls from 16 s up to 128 s. */
    public static NtpClientConfig defaults() {
        return new NtpClientConfig(8, 50_000_000L, 1_000_000_000L, 4, 7, 0.5, 32, 32,
                4 * 3_600_000_000_000L, 1_000L, 1_000_000L);
    }

    public NtpClientConfig withPoll(int minLog2, int maxLog2) {
        return new NtpClientConfig(burstCount, burstSpacingNs, timeoutNs, minLog2, maxLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs);
    }

    public NtpClientConfig withBurst(int count, long spacingNs) {
        return new NtpClientConfig(count, spacingNs, timeoutNs, minPollLog2, maxPollLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs);
    }

    public NtpClientConfig withTimeout(long ns) {
        return new NtpClientConfig(burstCount, burstSpacingNs, ns, minPollLog2, maxPollLog2, delayQuantile,
                delayHistory, modelWindow, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs);
    }

    public NtpClientConfig withFilter(double quantile, int history, int window) {
        return new NtpClientConfig(burstCount, burstSpacingNs, timeoutNs, minPollLog2, maxPollLog2, quantile,
                history, window, modelMaxAgeNs, maxPhaseErrorNs, maxClockStepNs);
    }
}
