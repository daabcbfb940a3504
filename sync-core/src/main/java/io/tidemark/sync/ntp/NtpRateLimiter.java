package io.tidemark.sync.ntp;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: each address may send {@code burst} requests at once and
 * {@code ratePerSecond} on average. The table is bounded; the least recently seen address is
 * forgotten first, so a flood of forged sources cannot exhaust memory.
 */
public final class NtpRateLimiter {

    private static final long NS_PER_S = 1_000_000_000L;

    private static final class Bucket {
        double tokens;
        long lastNs;
        long lastKissNs = Long.MIN_VALUE;
    }

    private final double ratePerSecond;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets;

    public NtpRateLimiter(double ratePerSecond, int burst, int maxAddresses) {
        if (!(ratePerSecond > 0) || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("rate, burst and table size must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** chrony-like defaults: 8 requests a second on average, bursts of 16, 16 384 addresses remembered. */
    public static NtpRateLimiter defaults() {
        return new NtpRateLimiter(8, 16, 16_384);
    }

    /** Takes a token for {@code address} at {@code nowNs}; false when its bucket is empty. */
    public synchronized boolean tryAcquire(InetAddress address, long nowNs) {
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket();
            b.tokens = burst;
            b.lastNs = nowNs;
            buckets.put(address, b);
        }
        long elapsed = Math.max(0, nowNs - b.lastNs); // a stepped clock must not mint tokens backwards
        b.lastNs = Math.max(b.lastNs, nowNs);
        b.tokens = Math.min(burst, b.tokens + elapsed * ratePerSecond / NS_PER_S);
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether a rate-limited {@code address} may be told so (KoD RATE): at most once a second. */
    public synchronized boolean mayKiss(InetAddress address, long nowNs) {
        Bucket b = buckets.get(address);
        if (b == null || (b.lastKissNs != Long.MIN_VALUE && nowNs - b.lastKissNs < NS_PER_S)) {
            return false;
        }
        b.lastKissNs = nowNs;
        return true;
    }
}
