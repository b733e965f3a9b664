package io.alertrelay.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The stale half of the alert lifecycle in {@link AlertState}: marking a source's firing alerts stale when it can
 * no longer report, taking the mark off, and resolving a stale alert once its grace has run out. Kept apart
 * because a stale alert ends on the relay's word, not its source's, and that must show in what clients read.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class StaleMarks {

    private final Duration resolveAfter;
    private final AlertBook alerts;

    StaleMarks(Duration staleResolveAfter, AlertBook alerts) {
        this.resolveAfter = Durations.positive("staleResolveAfter", staleResolveAfter);
        this.alerts = alerts;
    }

    /** See {@link AlertState#markStale}. */
    List<Change> mark(String source, String labelValue, Stale stale, Instant now) {
        Objects.requireNonNull(stale, "stale");
        return where(source, labelValue, false, a -> a.withStale(stale), now);
    }

    /** See {@link AlertState#clearStale}. */
    List<Change> clear(String source, String labelValue, Instant now) {
        return where(source, labelValue, true, a -> a.withStale(null), now);
    }

    // marking picks only unmarked alerts: marking one again would restart its grace
    private List<Change> where(
            String source, String labelValue, boolean stale, UnaryOperator<Alert> change, Instant now) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(now, "now");
        List<Change> changes = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (a.firing()
                    && (a.stale() != null) == stale
                    && source.equals(a.source())
                    && (labelValue == null || a.labels().containsValue(labelValue))) {
                changes.addAll(alerts.put(a, change.apply(a), now));
            }
        }
        return changes;
    }

    /**
     * {@code next}, what a tick has made of {@code was} so far, resolved at the end of its grace when that has
     * passed; and, when it was firing and is resolved now while stale, worded as the relay's resolution.
     */
    Alert afterGrace(Alert was, Alert next, Instant now) {
        Instant end = next.stale() == null ? null : next.stale().since().plus(resolveAfter);
        if (next.firing() && end != null && !end.isAfter(now)) next = next.resolved(end);
        // whichever came first, a stale alert's end was decided without its source: say so
        if (was.firing() && !next.firing() && next.stale() != null) next = resolvedByRelay(next);
        return next;
    }

    /**
     * A stale alert as the relay resolved it: its firing summary gives way to one that says the relay resolved it
     * and why (kept as {@code firingSummary}), so nobody reads the firing sentence as the last word of its source.
     */
    private static Alert resolvedByRelay(Alert a) {
        Map<String, String> annotations = new TreeMap<>(a.annotations());
        String firing = annotations.put(
                "summary",
                "Resolved by the relay without word from its source since "
                        + a.stale().since() + ": " + a.stale().reason());
        if (firing != null) annotations.put("firingSummary", firing);
        return a.withAnnotations(annotations);
    }
}
