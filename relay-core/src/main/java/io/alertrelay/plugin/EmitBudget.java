package io.alertrelay.plugin;

import io.alertrelay.limit.TokenBucket;

/**
 * A plugin's signal budget: a token bucket of {@code perSecond} (bursts of one second's worth), and a flood
 * detector: more than one second's worth dropped within a 10-second window means the plugin is flooding.
 */
final class EmitBudget {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private final int perSecond;
    private final TokenBucket bucket;
    private long windowStart;
    private long droppedInWindow;

    EmitBudget(int perSecond) {
        long now = System.nanoTime();
        this.perSecond = perSecond;
        this.bucket = new TokenBucket(perSecond, now);
        this.windowStart = now;
    }

    synchronized boolean tryTake(long now) {
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            droppedInWindow = 0;
        }
        if (bucket.tryAcquire(now)) return true;
        droppedInWindow++;
        return false;
    }

    synchronized boolean flooding() {
        return droppedInWindow > perSecond;
    }
}
