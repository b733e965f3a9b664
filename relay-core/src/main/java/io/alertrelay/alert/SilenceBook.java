package io.alertrelay.alert;

import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The silences half of {@link AlertState}: creating and expiring silences, moving them from pending to active to
 * expired as time passes, dropping them after their retention, and telling which of them silence a label set.
 * What a silence does to the alerts (their {@code silencedBy}) stays with the alert state, which owns the alerts.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class SilenceBook {

    /** A new silence, and the alerts it silences from the start (empty unless it is active at once). */
    record Created(Silence silence, List<String> matched) {}

    /** A changed silence, the alerts it silences now, and the silence it replaced (expired by this), if any. */
    record Updated(Silence silence, List<String> matched, Silence replaced) {}

    private final Duration expiredRetention;
    private final Supplier<String> ids;
    private final Silencing silencing;
    // sorted: changes come out in id order without sorting each time
    private final UndoableMap<Silence> silences = new UndoableMap<>();
    private final List<String> dropped = new ArrayList<>();

    SilenceBook(Duration expiredRetention, Supplier<String> ids, Duration budget) {
        this.expiredRetention = Durations.notNegative("expiredSilenceRetention", expiredRetention);
        this.ids = Objects.requireNonNull(ids, "silenceIds");
        this.silencing = new Silencing(budget);
    }

    /**
     * Checks and stores a new silence; a silence too costly to check against {@code alerts} is refused.
     *
     * @throws IllegalArgumentException as {@link Silencing#checkNew} and {@link Silencing#matchingAtCreation}
     */
    Created create(SilenceRequest r, Instant now, Collection<Alert> alerts) {
        Instant start = Silencing.checkNew(r.matchers(), r.startsAt(), r.endsAt(), now);
        if (r.comment() != null) Unicode.require("the comment", r.comment());
        String id = ids.get();
        if (silences.containsKey(id)) {
            throw new IllegalStateException("silence id " + id + " is already taken: the id supplier repeated itself");
        }
        Silence s = silence(id, r.matchers(), start, r, now);
        List<String> matched = silencing.matchingAtCreation(s, alerts); // refuses one too costly to check
        silences.put(id, s);
        return new Created(s, s.status() == Silence.Status.ACTIVE ? matched : List.of());
    }

    /**
     * Ends a silence now (a pending one never starts: its startsAt becomes now too).
     *
     * @return the expired silence, or null when it was expired already
     * @throws NoSuchSilenceException when no silence has that id
     */
    Silence expire(String id, Instant now) {
        Silence s = silences.get(id);
        if (s == null) throw new NoSuchSilenceException(id);
        if (s.status() == Silence.Status.EXPIRED) return null;
        Instant start = s.startsAt().isAfter(now) ? now : s.startsAt();
        Instant end = s.endsAt().isBefore(now) ? s.endsAt() : now;
        Silence expired = s.moved(start, end, Silence.Status.EXPIRED);
        silences.put(id, expired);
        return expired;
    }

    /**
     * Changes silence {@code id} in place when Alertmanager would ({@link AlertState#updateSilence}), else expires
     * it and creates a new one from the request.
     *
     * @throws NoSuchSilenceException   when no silence has that id
     * @throws IllegalArgumentException as {@link #create}
     */
    Updated update(String id, SilenceRequest r, Instant now, Collection<Alert> alerts) {
        Silence old = silences.get(id);
        if (old == null) throw new NoSuchSilenceException(id);
        if (!inPlace(old, r.matchers(), r.startsAt(), now)) {
            Silence replaced = expire(id, now);
            Created c = create(r, now, alerts);
            return new Updated(c.silence(), c.matched(), replaced);
        }
        // an active silence keeps its start: the past it covered stays covered, and the past cannot be silenced
        boolean active = old.status() == Silence.Status.ACTIVE;
        Instant start = Silencing.checkNew(r.matchers(), active ? null : r.startsAt(), r.endsAt(), now);
        if (active) start = old.startsAt();
        if (r.comment() != null) Unicode.require("the comment", r.comment());
        Silence s = silence(id, old.matchers(), start, r, now);
        List<String> matched = silencing.matchingAtCreation(s, alerts);
        silences.put(id, s);
        return new Updated(s, s.status() == Silence.Status.ACTIVE ? matched : List.of(), null);
    }

    /** The silence {@code r} asks for, with this id, matchers and start: pending until a start still to come. */
    private static Silence silence(String id, List<Matcher> matchers, Instant start, SilenceRequest r, Instant now) {
        return new Silence(
                id,
                matchers,
                start,
                r.endsAt(),
                Objects.requireNonNull(r.createdBy(), "createdBy"),
                r.comment() == null ? "" : r.comment(),
                start.isAfter(now) ? Silence.Status.PENDING : Silence.Status.ACTIVE,
                r.person());
    }

    /**
     * Alertmanager's rule for changing a silence without a new id: same matchers (in any order), not expired, and
     * no move of the start into the past for a pending one, nor any move of the start for an active one (a start
     * in the past, or none, is taken as "keep it").
     */
    private static boolean inPlace(Silence old, List<Matcher> matchers, Instant startsAt, Instant now) {
        if (old.status() == Silence.Status.EXPIRED) return false;
        if (!new HashSet<>(old.matchers()).equals(new HashSet<>(matchers))) return false;
        if (old.status() == Silence.Status.PENDING) return startsAt == null || !startsAt.isBefore(now);
        return startsAt == null || !startsAt.isAfter(now);
    }

    /** Drops expired silences past their retention (no change is sent for that). */
    void dropExpired(Instant now) {
        silences.removeIf(
                s -> s.status() == Silence.Status.EXPIRED
                        && s.endsAt().plus(expiredRetention).isBefore(now),
                dropped::add);
    }

    /** Starts and ends the silences whose time has come; returns their changes in id order. */
    List<Change> moveAlong(Instant now) {
        List<Change> changes = new ArrayList<>();
        for (Silence s : new ArrayList<>(silences.values())) {
            Silence.Status status = Silencing.statusAt(s, now);
            if (status != s.status()) {
                Silence moved = s.moved(s.startsAt(), s.endsAt(), status);
                silences.put(s.id(), moved);
                changes.add(new SilenceChanged(moved));
            }
        }
        return changes;
    }

    /** The ids of the active silences that silence {@code labels}, sorted. */
    List<String> silencedBy(Map<String, String> labels) {
        return silencing.silencedBy(labels, silences.values());
    }

    /** Replaces every silence held (at start-up). */
    void restore(Collection<Silence> restored) {
        silences.clear();
        restored.forEach(s -> silences.put(s.id(), s));
    }

    /** Takes a silence another node decided, as it is. */
    void put(Silence s) {
        silences.put(s.id(), s);
    }

    void begin() {
        silences.begin();
        dropped.clear();
    }

    void commit() {
        silences.commit();
        dropped.clear();
    }

    void rollback() {
        silences.rollback();
        dropped.clear();
    }

    /** The ids the open step dropped for retention. */
    List<String> dropped() {
        return List.copyOf(dropped);
    }

    Collection<Silence> values() {
        return List.copyOf(silences.values());
    }

    Silence get(String id) {
        return silences.get(id);
    }
}
