package io.alertrelay.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.List;

/** Copies of an alert with one thing changed: the alert state's vocabulary, kept apart to keep that class short. */
final class AlertCopies {

    private AlertCopies() {}

    /** Resolved at {@code endsAt}, but never before it started (a late or skewed endsAt would read backwards). */
    static Alert resolved(Alert a, Instant endsAt) {
        Instant end = endsAt.isBefore(a.startsAt()) ? a.startsAt() : endsAt;
        return new Alert(a.fingerprint(), Alert.Status.RESOLVED, a.severity(), a.labels(), a.annotations(),
                a.startsAt(), end, a.updatedAt(), a.source(), a.ack(), a.silencedBy(), a.stale(), a.expiresAt());
    }

    static Alert withAnnotations(Alert a, java.util.Map<String, String> annotations) {
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), annotations, a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), a.ack(), a.silencedBy(), a.expiresAt());
    }

    static Alert withAck(Alert a, Ack ack) {
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), ack, a.silencedBy(), a.stale(), a.expiresAt());
    }

    /** The alert, also silenced by {@code silenceId} (kept sorted, as silencedBy always is). */
    static Alert withSilence(Alert a, String silenceId) {
        List<String> ids = new java.util.ArrayList<>(a.silencedBy());
        ids.add(silenceId);
        java.util.Collections.sort(ids);
        return withSilencedBy(a, ids);
    }

    /** The alert, no longer silenced by {@code silenceId}. */
    static Alert withoutSilence(Alert a, String silenceId) {
        List<String> ids = new java.util.ArrayList<>(a.silencedBy());
        ids.remove(silenceId);
        return withSilencedBy(a, ids);
    }

    static Alert withSilencedBy(Alert a, List<String> silencedBy) {
        if (a.silencedBy().equals(silencedBy)) return a;
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), a.ack(), silencedBy, a.stale(), a.expiresAt());
    }

    static Alert withUpdatedAt(Alert a, Instant updatedAt) {
        if (updatedAt.equals(a.updatedAt())) return a;
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), updatedAt, a.source(), a.ack(), a.silencedBy(), a.stale(), a.expiresAt());
    }

    static Alert withStale(Alert a, Stale stale) {
        if (Objects.equals(a.stale(), stale)) return a;
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), a.ack(), a.silencedBy(), stale, a.expiresAt());
    }

    /**
     * A stale alert as the relay resolved it: its firing summary gives way to one that says the relay resolved it
     * and why (kept as {@code firingSummary}), so nobody reads the firing sentence as the last word of its source.
     */
    static Alert withStaleResolution(Alert a) {
        java.util.Map<String, String> annotations = new java.util.TreeMap<>(a.annotations());
        String firing = annotations.put("summary", "Resolved by the relay without word from its source since "
                + a.stale().since() + ": " + a.stale().reason());
        if (firing != null) annotations.put("firingSummary", firing);
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), annotations, a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), a.ack(), a.silencedBy(), a.stale(), a.expiresAt());
    }

    static java.time.Duration positive(String name, java.time.Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        return d;
    }

    static java.time.Duration notNegative(String name, java.time.Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or a positive duration, got " + d);
        }
        return d;
    }

    /** Everything a client sees, i.e. all but updatedAt and expiresAt. */
    static boolean sameVisibleState(Alert a, Alert b) {
        return a.fingerprint().equals(b.fingerprint()) && a.status() == b.status()
                && a.severity().equals(b.severity()) && a.labels().equals(b.labels())
                && a.annotations().equals(b.annotations()) && a.startsAt().equals(b.startsAt())
                && Objects.equals(a.endsAt(), b.endsAt()) && Objects.equals(a.source(), b.source())
                && Objects.equals(a.ack(), b.ack()) && a.silencedBy().equals(b.silencedBy())
                && Objects.equals(a.stale(), b.stale());
    }

    static Alert withExpiresAt(Alert a, Instant expiresAt) {
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), a.updatedAt(), a.source(), a.ack(), a.silencedBy(), a.stale(), expiresAt);
    }

    /**
     * {@code in} as another node wrote it, keeping {@code mine}'s expiry when that is later within the same firing
     * episode: the writer may not have heard of a re-send elsewhere yet, and an expiry only moves on.
     */
    static Alert keepingLaterExpiry(Alert mine, Alert in) {
        boolean sameEpisode = mine != null && mine.firing() && in.firing() && mine.startsAt().equals(in.startsAt());
        boolean mineLater = sameEpisode && mine.expiresAt() != null
                && (in.expiresAt() == null || mine.expiresAt().isAfter(in.expiresAt()));
        return mineLater ? withExpiresAt(in, mine.expiresAt()) : in;
    }
}
