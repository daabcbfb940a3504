package io.tidemark.sync.ntp;

import io.tidemark.sync.clock.ClockReading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the system source among several servers (RFC 5905 §11.2, simplified as chrony does):
 * each usable server stands for an interval, its offset ± its root distance; servers whose interval
 * misses the region where most intervals agree are falsetickers. Of the rest the lowest stratum, then
 * the shortest root distance, wins; the current source is kept unless clearly beaten, so the choice
 * does not flap. With no majority nobody is selected.
 */
final class NtpSelection {

    private NtpSelection() {
    }

    /** Root distance: how far this server's time may be from UTC, by its own and our account. */
    static long rootDistanceNs(NtpSource s) {
        NtpPacket p = s.lastPacket;
        long rootDelay = p == null ? 0 : p.rootDelayNs();
        long rootDispersion = p == null ? 0 : p.rootDispersionNs();
        return (rootDelay + s.minDelayNs()) / 2 + rootDispersion + 1_000;
    }

    static long offsetNowNs(NtpSource s, ClockReading now) {
        ClockModel m = s.model().orElseThrow();
        if (m.points() < 2) {
            return s.lastAccepted().sample().offsetNs();
        }
        return m.referenceNsAt(now.monoRawNs()) - now.realtimeNs();
    }

    static NtpSource select(List<NtpSource> sources, ClockReading now, NtpSource current) {
        List<NtpSource> usable = new ArrayList<>();
        for (NtpSource s : sources) {
            s.falseticker = false;
            if (!s.denied && s.serverSynchronised() && s.reach != 0 && s.model().isPresent()) {
                usable.add(s);
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        int n = usable.size();
        long[] lo = new long[n];
        long[] hi = new long[n];
        List<long[]> edges = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            NtpSource s = usable.get(i);
            long centre = offsetNowNs(s, now);
            long half = rootDistanceNs(s) + 2 * (long) s.model().orElseThrow().uncertaintyNsAt(now.monoRawNs());
            lo[i] = centre - half;
            hi[i] = centre + half;
            edges.add(new long[]{lo[i], +1});
            edges.add(new long[]{hi[i], -1});
        }
        // Marzullo: sweep the edges (starts before ends at equal points) for the deepest overlap.
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> -e[1]));
        int depth = 0, best = 0;
        long bestLo = 0, bestHi = 0;
        for (int i = 0; i < edges.size(); i++) {
            depth += (int) edges.get(i)[1];
            if (depth > best) {
                best = depth;
                bestLo = edges.get(i)[0];
                bestHi = i + 1 < edges.size() ? edges.get(i + 1)[0] : bestLo;
            }
        }
        if (2 * best <= n && n > 1) {
            for (NtpSource s : usable) {
                s.falseticker = true;
            }
            return null;
        }
        List<NtpSource> truechimers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (lo[i] <= bestHi && hi[i] >= bestLo) {
                truechimers.add(usable.get(i));
            } else {
                usable.get(i).falseticker = true;
            }
        }
        Comparator<NtpSource> quality = Comparator.comparingInt((NtpSource s) -> s.lastPacket.stratum())
                .thenComparingLong(NtpSelection::rootDistanceNs);
        NtpSource bestSource = truechimers.stream().min(quality).orElseThrow();
        if (current != null && truechimers.contains(current)
                && current.lastPacket.stratum() <= bestSource.lastPacket.stratum()
                && rootDistanceNs(current) <= 2 * rootDistanceNs(bestSource)) {
            return current;
        }
        return bestSource;
    }
}
