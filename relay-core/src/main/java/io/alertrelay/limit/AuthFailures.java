package io.alertrelay.limit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authentication failures per client address, a token bucket each: {@code perMinute} failures a minute, in bursts of
 * a minute's worth. An address that has used its allowance is refused before any check until the bucket refills,
 * so a guesser or a flood of unsigned requests gets {@code perMinute} real checks a minute and no more, and each
 * refusal costs a table lookup. Thread-safe: one lock, held for a lookup.
 *
 * <p>Bounded: at most {@code maxAddresses} addresses are remembered; past that the one used longest ago is
 * forgotten (it starts again with a full allowance). An attacker with more addresses than that can get a fresh
 * allowance for some of them, but never grow the table.
 */
public final class AuthFailures {

    /** Addresses remembered at most: about 1.5 MB. */
    public static final int MAX_ADDRESSES = 10_000;

    private final int perMinute;
    // guarded by this; in access order, so the eldest entry is the one used longest ago
    private final LinkedHashMap<String, TokenBucket> buckets;

    public AuthFailures(int perMinute, int maxAddresses) {
        if (perMinute < 1) throw new IllegalArgumentException("perMinute must be at least 1, got " + perMinute);
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be at least 1, got " + maxAddresses);
        }
        this.perMinute = perMinute;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** 0 when {@code address} may be checked now; else the whole seconds until it may be again. */
    public synchronized long refusedForSeconds(String address, long nowNanos) {
        TokenBucket b = buckets.get(address);
        return b == null ? 0 : b.secondsUntilNext(nowNanos);
    }

    /** Counts a failure; true when it used the last of the address's allowance (it is refused from now on). */
    public synchronized boolean failed(String address, long nowNanos) {
        TokenBucket b = buckets.computeIfAbsent(address, k -> TokenBucket.perMinute(perMinute, nowNanos));
        boolean wasAllowed = b.secondsUntilNext(nowNanos) == 0;
        b.tryAcquire(nowNanos);
        return wasAllowed && b.secondsUntilNext(nowNanos) > 0;
    }

    /** Addresses remembered now (for tests and the bound). */
    public synchronized int size() {
        return buckets.size();
    }
}
