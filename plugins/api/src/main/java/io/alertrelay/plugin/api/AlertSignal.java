package io.alertrelay.plugin.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A ready-made alert, as Alertmanager's postable alert: labels identify it, annotations describe it.
 *
 * @param startsAt null means now
 * @param endsAt      null means firing until re-sent or the relay's resolve timeout; at or before now means
 *                    resolved
 * @param anySeverity a resolve of every firing alert with these labels plus any {@code severity} (since API 1.2;
 *                    see {@link #resolvedWhateverSeverity})
 */
public record AlertSignal(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        boolean anySeverity)
        implements Signal {

    public AlertSignal {
        Objects.requireNonNull(labels, "labels");
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        if (anySeverity && (endsAt == null || labels.containsKey("severity")))
            throw new IllegalArgumentException(
                    "a resolve whatever the severity needs an end time and labels" + " without severity");
    }

    /** An alert with exactly these labels ({@code severity} included), as API 1.0 made them. */
    public AlertSignal(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {
        this(labels, annotations, startsAt, endsAt, false);
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

    /**
     * Resolves every firing alert whose labels are {@code labels} plus a {@code severity} label, whatever its value:
     * for senders whose "up" does not say how bad the "down" was. {@code labels} must not hold {@code severity}.
     * Since API 1.2.
     */
    public static AlertSignal resolvedWhateverSeverity(
            Map<String, String> labels, Map<String, String> annotations, Instant at) {
        return new AlertSignal(labels, annotations, null, at, true);
    }

    /** How far ahead {@link #firingUntilResolved} sets the end: a year, longer than any outage is left open. */
    public static final Duration UNTIL_RESOLVED = Duration.ofDays(365);
}
