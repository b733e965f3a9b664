package io.alertrelay.ws;

/**
 * A token bucket: {@code perSecond} frames a second on average, bursts up to one second's worth.
 * Called only from the session's I/O thread, so it needs no synchronisation.
 */
final class FrameRateLimiter {

    private final double perSecond;
    private double tokens;
    private long last;

    FrameRateLimiter(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
