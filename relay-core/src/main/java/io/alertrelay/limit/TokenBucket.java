package io.alertrelay.limit;

/**
 * A token bucket: {@code perSecond} events a second on average, bursts up to one second's worth.
 * Used for inbound WebSocket frames and webhook requests.
 */
public final class TokenBucket {

    private final double perSecond;
    private double tokens;
    private long last;

    public TokenBucket(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    public synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
