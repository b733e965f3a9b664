package io.alertrelay.plugins.logpatterns;

/**
 * The plugin's own limit on matches handed to the relay: a token bucket of {@code perSecond}, with bursts of one
 * second's worth. It stays under the relay's per-plugin budget (5,000 signals/s), which would otherwise mark the
 * plugin failed for flooding, during a flood of matching lines (an attack in progress, a new multi-gigabyte file),
 * exactly when the alert is already firing and more matches add nothing. Called from the polling thread.
 */
final class MatchBudget {

    private final double perSecond;
    private double tokens;
    private long last;

    MatchBudget(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
    }

    /** Whether one more match may go out now. */
    boolean tryTake(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - last) / 1e9 * perSecond);
        last = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
