package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The alerts half of {@link AlertState}: the alerts held by fingerprint, and the one way to change one
 * ({@link #put}), which tells a visible change (a new {@code updatedAt}, a change for the clients) from a move of
 * the internal expiry only (no change; remembered as {@link #touched} for the other nodes of a cluster). What
 * an alert becomes is decided by the alert state; this class keeps the result and what a step did.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class AlertBook {

    private final Duration resolvedRetention;
    // sorted: changes come out in fingerprint order without sorting each time
    private final UndoableMap<Alert> alerts = new UndoableMap<>(new UndoableMap.KeyListener<>() {
        @Override
        public void added(String key, Alert a) {
            if (a.labels().containsKey("severity"))
                bySeverityless
                        .computeIfAbsent(severityless(a.labels()), k -> new HashSet<>())
                        .add(key);
        }

        @Override
        public void removed(String key, Alert a) {
            if (!a.labels().containsKey("severity")) return;
            String id = severityless(a.labels());
            Set<String> same = bySeverityless.get(id);
            if (same != null && same.remove(key) && same.isEmpty()) bySeverityless.remove(id);
        }
    });
    // the fingerprint of an alert's labels without severity -> the alerts with those labels and some severity
    private final Map<String, Set<String>> bySeverityless = new HashMap<>();
    private final List<String> dropped = new ArrayList<>();
    private final List<Alert> touched = new ArrayList<>();

    AlertBook(Duration resolvedRetention) {
        this.resolvedRetention = Durations.notNegative("resolvedRetention", resolvedRetention);
    }

    Alert get(String fingerprint) {
        return alerts.get(fingerprint);
    }

    /** @throws NoSuchAlertException when no alert has that fingerprint */
    Alert require(String fingerprint) {
        Alert a = alerts.get(fingerprint);
        if (a == null) throw new NoSuchAlertException(fingerprint);
        return a;
    }

    /** Every alert held, in fingerprint order (a copy, so the caller may put while going through it). */
    List<Alert> values() {
        return List.copyOf(alerts.values());
    }

    int size() {
        return alerts.size();
    }

    /** The alerts whose labels are {@code labels} (which hold no severity) plus a {@code severity} label. */
    List<Alert> withAnySeverity(Map<String, String> labels) {
        Set<String> same = bySeverityless.get(Fingerprint.of(labels));
        if (same == null) return List.of();
        List<Alert> out = new ArrayList<>(same.size());
        for (String fp : same) out.add(alerts.get(fp));
        return out;
    }

    private static String severityless(Map<String, String> labels) {
        Map<String, String> rest = new HashMap<>(labels);
        rest.remove("severity");
        return Fingerprint.of(rest);
    }

    /**
     * Stores {@code next} in place of {@code old} (null when new). If nothing visible differs, keeps the old
     * updatedAt and returns no change (the internal expiry may still have moved); otherwise stamps
     * updatedAt = now and returns the change.
     */
    List<Change> put(Alert old, Alert next, Instant now) {
        if (old != null && sameVisibleState(old, next)) {
            Alert kept = next.withUpdatedAt(old.updatedAt());
            alerts.put(next.fingerprint(), kept);
            if (!Objects.equals(old.expiresAt(), kept.expiresAt())) touched.add(kept);
            return List.of();
        }
        Alert stored = next.withUpdatedAt(now);
        alerts.put(stored.fingerprint(), stored);
        return List.of(new AlertChanged(stored));
    }

    /** Stores an alert as it is, with no change for anyone (restored, or decided by another node). */
    void keep(Alert a) {
        alerts.put(a.fingerprint(), a);
    }

    /** Drops resolved alerts past their retention (no change is sent for that; clients drop by their own clock). */
    void dropResolved(Instant now) {
        alerts.removeIf(a -> !a.firing() && a.endsAt().plus(resolvedRetention).isBefore(now), dropped::add);
    }

    void restore(Collection<Alert> restored) {
        alerts.clear();
        restored.forEach(this::keep);
    }

    void begin() {
        alerts.begin();
        clearStep();
    }

    void commit() {
        alerts.commit();
        clearStep();
    }

    void rollback() {
        alerts.rollback();
        clearStep();
    }

    private void clearStep() {
        dropped.clear();
        touched.clear();
    }

    /** The fingerprints the open step dropped for retention. */
    List<String> dropped() {
        return List.copyOf(dropped);
    }

    /** Firing alerts whose only move in the open step was their internal expiry. */
    List<Alert> touched() {
        return List.copyOf(touched);
    }

    /** Everything a client sees, i.e. all but updatedAt and expiresAt. */
    private static boolean sameVisibleState(Alert a, Alert b) {
        return a.fingerprint().equals(b.fingerprint())
                && a.status() == b.status()
                && a.severity().equals(b.severity())
                && a.labels().equals(b.labels())
                && a.annotations().equals(b.annotations())
                && a.startsAt().equals(b.startsAt())
                && Objects.equals(a.endsAt(), b.endsAt())
                && Objects.equals(a.source(), b.source())
                && Objects.equals(a.ack(), b.ack())
                && a.silencedBy().equals(b.silencedBy())
                && a.inhibitedBy().equals(b.inhibitedBy())
                && Objects.equals(a.stale(), b.stale())
                && Objects.equals(a.generatorURL(), b.generatorURL());
    }
}
