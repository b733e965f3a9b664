package io.alertrelay.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert as clients see it (protocol v1 "Alert"). Immutable: every change makes a new value.
 *
 * @param fingerprint Alertmanager-compatible fingerprint of {@code labels} (see {@link Fingerprint})
 * @param status      {@link Status#FIRING} or {@link Status#RESOLVED}
 * @param severity    the {@code severity} label, or {@code "warning"} when the alert has none
 * @param endsAt      null while firing; the time it resolved once resolved
 * @param expiresAt   internal: when a firing alert resolves by itself unless re-sent (not on the wire)
 * @param ack         null, or who acknowledged this firing episode
 * @param silencedBy  ids of the active silences that match, sorted; empty when none
 * @param stale       null, or why its source can no longer tell whether it is still true (it then resolves
 *                    {@code plugins.staleResolveAfter} after {@link Stale#since()} unless its source reports again)
 */
public record Alert(
        String fingerprint,
        Status status,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Instant updatedAt,
        String source,
        Ack ack,
        List<String> silencedBy,
        Stale stale,
        Instant expiresAt) {

    public enum Status { FIRING, RESOLVED }

    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        silencedBy = List.copyOf(silencedBy);
    }

    /** An alert that is not stale (tests, tools, and values written before staleness existed). */
    public Alert(String fingerprint, Status status, String severity, Map<String, String> labels,
                 Map<String, String> annotations, Instant startsAt, Instant endsAt, Instant updatedAt, String source,
                 Ack ack, List<String> silencedBy, Instant expiresAt) {
        this(fingerprint, status, severity, labels, annotations, startsAt, endsAt, updatedAt, source, ack, silencedBy,
                null, expiresAt);
    }

    public boolean firing() { return status == Status.FIRING; }
}
