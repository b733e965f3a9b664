package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The silence operations of {@link AlertState}: a silence created, changed or expired, and what that does to the
 * alerts' {@code silencedBy}. Only the silence that changed is checked; the others' verdicts stand.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class SilenceChanges {

    private final AlertBook alerts;
    private final SilenceBook silences;

    SilenceChanges(AlertBook alerts, SilenceBook silences) {
        this.alerts = alerts;
        this.silences = silences;
    }

    /**
     * Creates a silence. It is active at once, or pending until {@code startsAt} when that is in the future; a
     * {@code startsAt} in the past counts as now (a silence does not act on the past).
     * Like Alertmanager, a silence must have a matcher that needs some label to be present: one whose matchers
     * all match the empty string would silence nearly every alert.
     *
     * @return the {@link SilenceChanged}, then an {@link AlertChanged} for every alert whose
     *         {@code silencedBy} changed, in fingerprint order
     * @throws IllegalArgumentException for no matchers, only empty-matching matchers, or an endsAt not after
     *                                  both now and startsAt
     */
    List<Change> add(SilenceRequest request, Instant now) {
        Objects.requireNonNull(now, "now");
        SilenceBook.Created created = silences.create(request, now, alerts.values());
        List<Change> changes = new ArrayList<>();
        changes.add(new SilenceChanged(created.silence()));
        silenceExactly(created.silence().id(), created.matched(), now, changes);
        return changes;
    }

    /**
     * Changes a silence as Alertmanager does: in place, keeping its id, when its matchers stay the same and it has
     * not expired (a pending one may get a new start and end, an active one a new end, both a new comment and
     * creator); otherwise the old silence is expired (if it is not already) and a new one, with a new id, is
     * created from the request.
     *
     * @return the changes of the replaced silence, if any, then the {@link SilenceChanged} of the silence that
     *         holds now, each followed by the alerts whose {@code silencedBy} changed
     * @throws NoSuchSilenceException   when no silence has that id
     * @throws IllegalArgumentException as {@link #add}
     */
    List<Change> update(String id, SilenceRequest request, Instant now) {
        Objects.requireNonNull(now, "now");
        SilenceBook.Updated u = silences.update(id, request, now, alerts.values());
        List<Change> changes = new ArrayList<>();
        if (u.replaced() != null) {
            changes.add(new SilenceChanged(u.replaced()));
            silenceExactly(u.replaced().id(), List.of(), now, changes);
        }
        changes.add(new SilenceChanged(u.silence()));
        silenceExactly(u.silence().id(), u.matched(), now, changes);
        return changes;
    }

    /**
     * Ends a silence now (a pending one never starts: its startsAt becomes now too). No change if it is
     * already expired.
     *
     * @return the {@link SilenceChanged}, then the alerts it no longer silences, in fingerprint order
     * @throws NoSuchSilenceException when no silence has that id
     */
    List<Change> expire(String id, Instant now) {
        Objects.requireNonNull(now, "now");
        Silence expired = silences.expire(id, now);
        if (expired == null) return List.of();
        List<Change> changes = new ArrayList<>();
        changes.add(new SilenceChanged(expired));
        silenceExactly(id, List.of(), now, changes);
        return changes;
    }

    /**
     * Makes silence {@code id} silence exactly the alerts {@code matched} names (only this silence changed: the
     * others' verdicts stand), adding each alert change to {@code out} in fingerprint order.
     */
    private void silenceExactly(String id, List<String> matched, Instant now, List<Change> out) {
        Set<String> want = Set.copyOf(matched);
        for (Alert a : alerts.values()) {
            boolean has = a.silencedBy().contains(id);
            if (want.contains(a.fingerprint()) && !has) out.addAll(alerts.put(a, a.withSilence(id), now));
            else if (!want.contains(a.fingerprint()) && has) out.addAll(alerts.put(a, a.withoutSilence(id), now));
        }
    }
}
