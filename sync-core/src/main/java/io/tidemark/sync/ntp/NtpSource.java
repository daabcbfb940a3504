package io.tidemark.sync.ntp;


import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One configured server: its poll state, its lucky-packet filter and its own clock model.
 * Not thread-safe; the {@link NtpClient} guards it.
 *
 * <p>Filtering, in the spirit of chrony's: of each burst only the reply with the least delay can
 * be used (a queue adds delay, never removes it, so the fastest round trip is the least disturbed);
 * it is rejected too when its delay lies above a quantile of recent bursts' best delays. Accepted
 * samples enter the model with an uncertainty that grows with their delay above the least delay
 * seen: a sample whose round trip took e longer than the best carries up to ±e/2 of queueing error.
 */
final class NtpSource {

    /** Raw-clock frequency prior: crystals are within ±500 ppm, the data decide the rest. */
    static final double PRIOR_SIGMA_PPM = 500;

    record Accepted(NtpSample sample, long phaseNs, long midMonoRawNs) {
    }

    final NtpServerAddress address;
    private final NtpClientConfig config;

    int pollLog2;
    int rateBackoffLog2;
    boolean denied;
    boolean falseticker;
    String kissCode;
    int reach;
    int goodPredictions;
    long acceptedCount;
    long rejectedCount;
    NtpPacket lastPacket;

    private final ArrayDeque<Long> burstDelays = new ArrayDeque<>();
    private final ArrayDeque<Accepted> window = new ArrayDeque<>();
    private ClockModel model;

    NtpSource(NtpServerAddress address, NtpClientConfig config) {
        this.address = address;
        this.config = config;
        this.pollLog2 = config.minPollLog2();
    }

    long pollIntervalNs() {
        if (config.fixedPollNs() > 0) {
            return config.fixedPollNs() << Math.min(rateBackoffLog2, 17);
        }
        int log2 = Math.min(17, pollLog2 + rateBackoffLog2);
        return log2 >= 0 ? (1_000_000_000L << log2) : (1_000_000_000L >> -log2);
    }

    /** The poll interval now, as log2 s (rounded for a steady interval that is no power of two). */
    int currentPollLog2() {
        if (config.fixedPollNs() > 0) {
            return (int) Math.round(Math.log(pollIntervalNs() / 1e9) / Math.log(2));
        }
        return pollLog2 + rateBackoffLog2;
    }

    Optional<ClockModel> model() {
        return Optional.ofNullable(model);
    }

    Accepted lastAccepted() {
        return window.peekLast();
    }

    long minDelayNs() {
        return window.stream().mapToLong(a -> a.sample().delayNs()).min().orElse(0);
    }

    /** The server last told us it is synchronised and not a KoD. */
    boolean serverSynchronised() {
        return lastPacket != null && lastPacket.leap() != NtpPacket.LEAP_UNSYNCHRONISED
                && lastPacket.stratum() >= 1 && lastPacket.stratum() < NtpPacket.STRATUM_UNSYNCHRONISED;
    }

    /**
     * Filters one finished burst: returns every exchange's sample (in order), each accepted or
     * rejected with its reason, and updates the model and the poll interval.
     */
    List<NtpSample> finishBurst(List<NtpReplyCheck.Result> results) {
        List<NtpSample> out = new ArrayList<>(results.size());
        NtpReplyCheck.Result best = null;
        for (NtpReplyCheck.Result r : results) {
            if (r.answers() && r.kissCode() == null) {
                lastPacket = r.packet();
            }
            if (r.valid() && (best == null || r.sample().delayNs() < best.sample().delayNs())) {
                best = r;
            }
        }
        NtpSample chosen = best == null ? null : judgeBest(best.sample());
        for (NtpReplyCheck.Result r : results) {
            NtpSample s = r.sample();
            if (r == best) {
                s = chosen;
            } else if (r.valid()) {
                s = NtpReplyCheck.rejected(s, NtpReplyCheck.NOT_FASTEST_OF_BURST + " (" + s.delayNs() + " ns > "
                        + best.sample().delayNs() + " ns)");
            }
            if (s.accepted()) {
                acceptedCount++;
            } else {
                rejectedCount++;
            }
            out.add(s);
        }
        reach = ((reach << 1) | (best != null ? 1 : 0)) & 0xFF;
        if (chosen != null && chosen.accepted()) {
            accept(chosen);
        }
        return out;
    }

    private NtpSample judgeBest(NtpSample s) {
        String reason = null;
        if (burstDelays.size() >= 4) {
            long[] d = burstDelays.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(d);
            long limit = d[Math.min(d.length - 1, (int) Math.floor(config.delayQuantile() * (d.length - 1)))];
            if (s.delayNs() > limit + config.maxPhaseErrorNs()) {
                reason = NtpReplyCheck.SLOW_AGAINST_RECENT + ": " + s.delayNs() + " ns, above the "
                        + Math.round(config.delayQuantile() * 100) + "th percentile (" + limit + " ns)";
            }
        }
        burstDelays.addLast(s.delayNs());
        while (burstDelays.size() > config.delayHistory()) {
            burstDelays.removeFirst();
        }
        return reason == null ? s : NtpReplyCheck.rejected(s, reason);
    }

    private void accept(NtpSample s) {
        // Reference minus raw clock at the exchange's midpoint: (T2+T3)/2 − (R1+R4)/2. CLOCK_REALTIME
        // cancels out, so a disciplined or stepped system clock does not disturb the model.
        long midRaw = s.t1MonoRawNs() + (s.t4MonoRawNs() - s.t1MonoRawNs()) / 2;
        long midRef = s.t2Ns() + (s.t3Ns() - s.t2Ns()) / 2;
        Accepted a = new Accepted(s, midRef - midRaw, midRaw);
        ClockModel before = model;
        window.addLast(a);
        while (window.size() > config.modelWindow()
                || (window.size() > 1 && midRaw - window.peekFirst().midMonoRawNs() > config.modelMaxAgeNs())) {
            window.removeFirst();
        }
        refit();
        adaptPoll(before, a);
    }

    private void refit() {
        long minDelay = minDelayNs();
        // The least delay itself has some queueing in it: take the spread of the best few as a floor.
        long[] delays = window.stream().mapToLong(x -> x.sample().delayNs()).sorted().toArray();
        long floorNs = delays.length >= 4 ? (delays[Math.min(delays.length - 1, 3)] - delays[0]) / 2 : 0;
        floorNs = Math.max(floorNs, config.maxPhaseErrorNs());
        List<PhasePoint> points = new ArrayList<>(window.size());
        for (Accepted x : window) {
            double excess = (x.sample().delayNs() - minDelay) + floorNs;
            double sigma = Math.hypot(config.maxPhaseErrorNs(), excess / Math.sqrt(12));
            points.add(new PhasePoint(x.midMonoRawNs(), x.phaseNs(), sigma));
        }
        points.sort(Comparator.comparingLong(PhasePoint::monoRawNs));
        model = ClockModelFit.fit(points, 0, PRIOR_SIGMA_PPM);
    }

    /** Lengthens the poll while the model predicts each new sample well, shortens it when it does not. */
    private void adaptPoll(ClockModel before, Accepted a) {
        if (before == null || before.points() < 3) {
            return;
        }
        double predictedErrorNs = Math.abs(a.phaseNs() + a.midMonoRawNs() - before.referenceNsAt(a.midMonoRawNs()));
        double sigma = Math.hypot(before.uncertaintyNsAt(a.midMonoRawNs()),
                Math.max(config.maxPhaseErrorNs(), (a.sample().delayNs() - minDelayNs()) / 2.0));
        if (predictedErrorNs > 4 * sigma) {
            goodPredictions = 0;
            pollLog2 = Math.max(config.minPollLog2(), pollLog2 - 1);
        } else if (++goodPredictions >= 8) {
            goodPredictions = 0;
            pollLog2 = Math.min(config.maxPollLog2(), pollLog2 + 1);
        }
    }

    /** Reacts to a Kiss-o'-Death: DENY and RSTR end polling, RATE doubles the interval. */
    void kissOfDeath(String code) {
        kissCode = code;
        switch (code) {
            case "DENY", "RSTR" -> denied = true;
            case "RATE" -> rateBackoffLog2 = Math.min(rateBackoffLog2 + 1, 17 - config.minPollLog2());
            default -> { }
        }
    }
}
