package io.alertrelay.limit;

/**
 * A token bucket: {@code capacity} events at once, refilled at {@code perSecond} events a second.
 * Used for inbound WebSocket frames (a second's worth of burst), subscribe requests (a minute's worth)
 * and webhook requests.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perSecond;
    private double tokens;
    private long last;

    /** {@code perSecond} events a second on average, bursts up to one second's worth. */
    public TokenBucket(int perSecond, long nowNanos) {
        this(perSecond, perSecond, nowNanos);
    }

    private TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** {@code perMinute} events a minute on average, bursts up to one minute's worth. */
    public static TokenBucket perMinute(int perMinute, long nowNanos) {
        return new TokenBucket(perMinute, perMinute / 60.0, nowNanos);
    }

    public synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /** Seconds until the next event would be allowed (0 when one is allowed now); rounded up. */
    public synchronized long secondsUntilNext(long nowNanos) {
        double have = Math.min(capacity, tokens + (nowNanos - last) / 1e9 * perSecond);
        return have >= 1 ? 0 : (long) Math.ceil((1 - have) / perSecond);
    }
}
