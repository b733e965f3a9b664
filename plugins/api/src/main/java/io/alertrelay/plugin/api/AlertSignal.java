package io.alertrelay.plugin.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A ready-made alert, as Alertmanager's postable alert: labels identify it, annotations describe it.
 *
 * @param startsAt null means now
 * @param endsAt   null means firing until re-sent or the relay's resolve timeout; at or before now means resolved
 */
public record AlertSignal(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt)
        implements Signal {

    public AlertSignal {
        Objects.requireNonNull(labels, "labels");
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public boolean resolved(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }

    /**
     * For senders that report only changes (down now, up later): firing until a resolved signal with the same
     * labels arrives, not only until {@code alerts.resolveTimeout} without a re-send. Since API 1.2.
     */
    public static AlertSignal firingUntilResolved(
            Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {
        return new AlertSignal(labels, annotations, startsAt, startsAt.plus(UNTIL_RESOLVED));
    }

    /** Resolves the alert with exactly these labels ({@code severity} included) at {@code at}. Since API 1.2. */
    public static AlertSignal resolved(Map<String, String> labels, Map<String, String> annotations, Instant at) {
        return new AlertSignal(labels, annotations, null, at);
    }

    /** How far ahead {@link #firingUntilResolved} sets the end: a year, longer than any outage is left open. */
    public static final Duration UNTIL_RESOLVED = Duration.ofDays(365);
}
