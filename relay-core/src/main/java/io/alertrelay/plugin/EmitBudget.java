package io.alertrelay.plugin;

/**
 * A plugin's signal budget: a token bucket of {@code perSecond} (bursts of one second's worth), and a flood
 * detector: more than one second's worth dropped within a 10-second window means the plugin is flooding.
 */
final class EmitBudget {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private final double perSecond;
    private double tokens;
    private long last = System.nanoTime();
    private long windowStart = last;
    private long droppedInWindow;

    EmitBudget(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    synchronized boolean tryTake(long now) {
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            droppedInWindow = 0;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        droppedInWindow++;
        return false;
    }

    synchronized boolean flooding() {
        return droppedInWindow > perSecond;
    }
}
