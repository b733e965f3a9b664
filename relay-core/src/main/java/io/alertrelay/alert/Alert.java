package io.alertrelay.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * @param inhibitedBy fingerprints of the firing alerts that inhibit this one by an inhibition rule, sorted; empty
 *                    when none
 * @param stale       null, or why its source can no longer tell whether it is still true (it then resolves
 *                    {@code plugins.staleResolveAfter} after {@link Stale#since()} unless its source reports again)
 * @param generatorURL null, or the http(s) address of what made the alert (Prometheus's graph of the rule), as its
 *                     sender gave it
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
        List<String> inhibitedBy,
        Stale stale,
        Instant expiresAt,
        String generatorURL) {

    public enum Status {
        FIRING,
        RESOLVED
    }

    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
    }

    /**
     * A new firing alert, updated when it started, not acknowledged, silenced or stale, with no expiry yet; the
     * withers below set the rest.
     */
    public static Alert firing(
            String fingerprint,
            String severity,
            Map<String, String> labels,
            Map<String, String> annotations,
            String source,
            Instant startsAt) {
        return new Alert(
                fingerprint,
                Status.FIRING,
                severity,
                labels,
                annotations,
                startsAt,
                null,
                startsAt,
                source,
                null,
                List.of(),
                List.of(),
                null,
                null,
                null);
    }

    /** Resolved at {@code endsAt}, but never before it started (a late or skewed endsAt would read backwards). */
    public Alert resolved(Instant endsAt) {
        Instant end = endsAt.isBefore(startsAt) ? startsAt : endsAt;
        return new Alert(
                fingerprint,
                Status.RESOLVED,
                severity,
                labels,
                annotations,
                startsAt,
                end,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withAnnotations(Map<String, String> annotations) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withStartsAt(Instant startsAt) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withSource(String source) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withAck(Ack ack) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    /** The alert, also silenced by {@code silenceId} (kept sorted, as silencedBy always is). */
    public Alert withSilence(String silenceId) {
        List<String> ids = new ArrayList<>(silencedBy);
        ids.add(silenceId);
        Collections.sort(ids);
        return withSilencedBy(ids);
    }

    /** The alert, no longer silenced by {@code silenceId}. */
    public Alert withoutSilence(String silenceId) {
        List<String> ids = new ArrayList<>(silencedBy);
        ids.remove(silenceId);
        return withSilencedBy(ids);
    }

    public Alert withSilencedBy(List<String> silencedBy) {
        if (this.silencedBy.equals(silencedBy)) return this;
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withInhibitedBy(List<String> inhibitedBy) {
        if (this.inhibitedBy.equals(inhibitedBy)) return this;
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withUpdatedAt(Instant updatedAt) {
        if (Objects.equals(this.updatedAt, updatedAt)) return this;
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withStale(Stale stale) {
        if (Objects.equals(this.stale, stale)) return this;
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    /** The sender's link to what made the alert; a push without one keeps the one before. */
    public Alert withGeneratorURL(String generatorURL) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public Alert withExpiresAt(Instant expiresAt) {
        return new Alert(
                fingerprint,
                status,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                updatedAt,
                source,
                ack,
                silencedBy,
                inhibitedBy,
                stale,
                expiresAt,
                generatorURL);
    }

    public boolean firing() {
        return status == Status.FIRING;
    }
}
