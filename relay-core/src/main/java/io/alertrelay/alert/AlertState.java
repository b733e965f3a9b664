package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.config.LimitsConfig;
import io.alertrelay.config.PluginsConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The alert lifecycle, in one place: alerts fire, are re-sent, acknowledged, silenced, marked stale when their
 * source stops reporting, and resolve (explicitly, by timeout, or after a grace as stale); silences go pending,
 * active, expired; both are dropped after a retention. Every operation returns
 * the {@link Change}s clients must see, in the order they must see them; an operation that changes nothing a
 * client can see returns no change, which is what keeps Prometheus' re-sends (every evaluation interval) off
 * the wire.
 *
 * <p><b>Not thread-safe.</b> The caller serialises every call (one writer thread, or a lock around this object
 * and the journal append of the changes it returns, so changes reach the journal in the order they happened).
 * Time is never read here: each method takes {@code now}, so tests and replays control the clock.
 *
 * <p>What "visible" means: every field of {@link Alert} except {@code updatedAt} (which moves only when
 * something visible moves) and {@code expiresAt} (internal). Each returned {@link AlertChanged} therefore
 * differs visibly from the previous one for the same fingerprint.
 */
public final class AlertState {

    /** The severity of an alert without a {@code severity} label. */
    public static final String DEFAULT_SEVERITY = "warning";

    private final Duration resolveTimeout;
    private final AlertBook alerts;
    private final SilenceBook silences;
    private final StaleMarks staleMarks;
    private final SharedChanges shared;
    private final SilenceChanges silenceChanges;
    private final Inhibition inhibition;
    private boolean silencingStale; // set by restore(): the next tick recomputes every silencedBy
    private boolean silencingStaleBefore;
    // set by restore(): re-sends that only moved an alert's expiry were not stored, so the stored expiry may be
    // older than the sender meant; the next tick gives every firing alert at least a full resolve timeout
    private boolean expiryStale;
    private boolean expiryStaleBefore;

    /**
     * @param resolveTimeout          how long a firing alert without an endsAt stays firing after its last push
     *                                (Alertmanager's {@code resolve_timeout}; Prometheus sets endsAt itself)
     * @param resolvedRetention       how long a resolved alert stays listed, so the wall can show what just cleared
     * @param expiredSilenceRetention how long an expired silence stays listed
     * @param silenceIds              new silence ids; must not repeat
     * @param silenceBudget           what checking one alert against every silence may spend on regexes
     *                                ({@code limits.filterBudget}; see {@link Silencing})
     * @param staleResolveAfter       how long a stale alert stays firing without word from its source
     *                                ({@code plugins.staleResolveAfter})
     * @param inhibitRules            {@code alerts.inhibitRules}: firing source alerts inhibit target alerts
     */
    public AlertState(
            Duration resolveTimeout,
            Duration resolvedRetention,
            Duration expiredSilenceRetention,
            Supplier<String> silenceIds,
            Duration silenceBudget,
            Duration staleResolveAfter,
            List<InhibitRule> inhibitRules) {
        this.resolveTimeout = Durations.positive("resolveTimeout", resolveTimeout);
        this.alerts = new AlertBook(resolvedRetention);
        this.silences = new SilenceBook(expiredSilenceRetention, silenceIds, silenceBudget);
        this.staleMarks = new StaleMarks(staleResolveAfter, alerts);
        this.shared = new SharedChanges(alerts, silences);
        this.silenceChanges = new SilenceChanges(alerts, silences);
        this.inhibition = new Inhibition(inhibitRules, alerts);
    }

    /** As the main constructor, with the default silence budget and stale grace (tests). */
    public AlertState(
            Duration resolveTimeout, Duration resolvedRetention, Duration expiredSilence, Supplier<String> silenceIds) {
        this(
                resolveTimeout,
                resolvedRetention,
                expiredSilence,
                silenceIds,
                LimitsConfig.DEFAULT_FILTER_BUDGET,
                PluginsConfig.DEFAULT_STALE_RESOLVE_AFTER,
                List.of());
    }

    /** As the main constructor, with random UUIDs as silence ids and the default silence budget (tests). */
    public AlertState(Duration resolveTimeout, Duration resolvedRetention, Duration expiredSilence) {
        this(resolveTimeout, resolvedRetention, expiredSilence, Silence::randomId);
    }

    /**
     * Takes one pushed alert. Resolved means {@code endsAt} at or before {@code now}. A firing alert expires at
     * its {@code endsAt} if that is in the future, else {@code resolveTimeout} after now, unless pushed again.
     * A re-send that changes nothing visible returns no change but still extends the expiry.
     * A resolved push for an alert not held (or already resolved) is ignored; one that resolves a firing alert
     * takes its annotations, when it has any (the resolved text), as Alertmanager keeps the latest. Any push is
     * word from its source: it takes the stale mark off.
     *
     * @return no change, or one {@link AlertChanged}, then the alerts whose {@code inhibitedBy} it changed
     * @throws IllegalArgumentException when {@link AlertValidation#problem} finds one
     */
    public List<Change> ingest(PostableAlert in, String source, Instant now) {
        if (in.anySeverity()) {
            // resolves each firing alert with these labels and some severity, as if sent with its own labels
            List<Change> out = new ArrayList<>();
            for (Alert a : alerts.withAnySeverity(in.labels())) {
                if (!a.firing()) continue;
                PostableAlert exact = new PostableAlert(a.labels(), in.annotations(), null, in.endsAt(), null);
                out.addAll(ingestOne(exact, source, now));
            }
            return inhibition.apply(out, now);
        }
        return inhibition.apply(ingestOne(in, source, now), now);
    }

    private List<Change> ingestOne(PostableAlert in, String source, Instant now) {
        Objects.requireNonNull(in, "alert");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(now, "now");
        AlertValidation.problem(in).ifPresent(p -> {
            throw new IllegalArgumentException("alert " + new TreeMap<>(in.labels()) + " " + p);
        });
        String fp = Fingerprint.of(in.labels());
        boolean resolved = in.endsAt() != null && !in.endsAt().isAfter(now);
        Instant expiresAt = in.endsAt() != null && in.endsAt().isAfter(now) ? in.endsAt() : now.plus(resolveTimeout);
        String severity = in.labels().getOrDefault("severity", DEFAULT_SEVERITY);
        Alert old = alerts.get(fp);

        if (old != null && old.firing() && !resolved) {
            Instant startsAt =
                    in.startsAt() != null && in.startsAt().isBefore(old.startsAt()) ? in.startsAt() : old.startsAt();
            return alerts.put(
                    old,
                    old.withAnnotations(in.annotations())
                            .withGeneratorURL(in.generatorURL() != null ? in.generatorURL() : old.generatorURL())
                            .withStartsAt(startsAt)
                            .withSource(source)
                            .withStale(null)
                            .withExpiresAt(expiresAt),
                    now);
        }
        if (old != null && old.firing()) {
            // a resolve that says something (a rule's "resolved at value 1") replaces the firing text
            Alert said = in.annotations().isEmpty() ? old : old.withAnnotations(in.annotations());
            return alerts.put(old, said.resolved(in.endsAt()).withStale(null), now);
        }
        if (resolved) {
            return List.of(); // unknown, or already resolved: nothing to tell anyone
        }
        // unknown, or a new firing episode of a resolved alert: starts afresh, the old ack does not carry over
        Instant startsAt = in.startsAt() != null ? in.startsAt() : now;
        List<String> silencedBy = silences.silencedBy(in.labels());
        return alerts.put(
                old,
                Alert.firing(fp, severity, in.labels(), in.annotations(), source, startsAt)
                        .withGeneratorURL(in.generatorURL())
                        .withUpdatedAt(now)
                        .withSilencedBy(silencedBy)
                        .withExpiresAt(expiresAt),
                now);
    }

    /**
     * Acknowledges a firing alert for its current episode; acking again replaces who, when and why.
     *
     * @throws NoSuchAlertException  when no alert has that fingerprint
     * @throws IllegalStateException when the alert is resolved
     */
    public List<Change> ack(String fingerprint, String by, String comment, Instant now) {
        Objects.requireNonNull(by, "by");
        return ack(fingerprint, new Ack(by, now, comment == null ? "" : comment), now);
    }

    /** Acknowledges with {@code ack} as it is (its expiry and person included). */
    public List<Change> ack(String fingerprint, Ack ack, Instant now) {
        Objects.requireNonNull(ack.by(), "by");
        Objects.requireNonNull(now, "now");
        Unicode.require("the comment", ack.comment());
        if (ack.person() != null) Unicode.require("the person", ack.person());
        Alert a = alerts.require(fingerprint);
        if (!a.firing()) {
            throw new IllegalStateException(
                    "alert " + fingerprint + " is resolved; only firing alerts can be acknowledged");
        }
        return alerts.put(a, a.withAck(ack), now);
    }

    /**
     * Removes the acknowledgement; no change when there is none.
     *
     * @throws NoSuchAlertException when no alert has that fingerprint
     */
    public List<Change> unack(String fingerprint, Instant now) {
        Objects.requireNonNull(now, "now");
        Alert a = alerts.require(fingerprint);
        return a.ack() == null ? List.of() : alerts.put(a, a.withAck(null), now);
    }

    /** Creates a silence, active at once or pending ({@link SilenceChanges#add}). */
    public List<Change> addSilence(SilenceRequest request, Instant now) {
        return silenceChanges.add(request, now);
    }

    /** Changes a silence as Alertmanager does, in place or by replacing it ({@link SilenceChanges#update}). */
    public List<Change> updateSilence(String id, SilenceRequest request, Instant now) {
        return silenceChanges.update(id, request, now);
    }

    /** Ends a silence now ({@link SilenceChanges#expire}). */
    public List<Change> expireSilence(String id, Instant now) {
        return silenceChanges.expire(id, now);
    }

    /**
     * Moves time forward: drops what outlived its retention (silently; clients drop by their own clock), starts
     * and ends silences whose time has come, resolves firing alerts whose expiry has passed (endsAt = the
     * expiry) and stale alerts whose grace has passed (endsAt = stale since + grace; the summary says why),
     * takes back acks whose expiry has passed, and recomputes {@code silencedBy}. Call it every few seconds; cost is one pass over the alerts,
     * plus every alert against every active silence when a silence changed.
     *
     * @return silence changes in id order, then alert changes in fingerprint order
     */
    public List<Change> tick(Instant now) {
        Objects.requireNonNull(now, "now");
        // Drop first, from the state before this tick, so that what this tick resolves is still held and listed
        // at least once before it goes.
        alerts.dropResolved(now);
        inhibition.forget(alerts.dropped());
        silences.dropExpired(now);

        List<Change> changes = new ArrayList<>(silences.moveAlong(now));
        boolean resilence = silencingStale || !changes.isEmpty();
        silencingStale = false;
        boolean refreshExpiry = expiryStale;
        expiryStale = false;
        Instant fullTimeout = now.plus(resolveTimeout);
        for (Alert a : alerts.values()) {
            Alert next = a;
            if (a.firing()
                    && (a.expiresAt() == null || refreshExpiry && a.expiresAt().isBefore(fullTimeout))) {
                // restored: give sources a full timeout to re-send before the alert resolves by itself
                next = a.withExpiresAt(now.plus(resolveTimeout));
            }
            if (next.firing() && !next.expiresAt().isAfter(now)) next = next.resolved(next.expiresAt());
            if (next.ack() != null && next.ack().expiredAt(now)) next = next.withAck(null); // an ack that expired
            next = staleMarks.afterGrace(a, next, now);
            if (resilence) next = next.withSilencedBy(silences.silencedBy(a.labels()));
            if (next != a) changes.addAll(alerts.put(a, next, now));
        }
        return inhibition.apply(changes, now);
    }

    /**
     * Marks the firing alerts of {@code source} stale (with {@code labelValue} among their label values only, when
     * it is not null): their source cannot tell any more whether they are still true. An alert already stale
     * keeps its mark, and so its grace. Each resolves {@code staleResolveAfter} after its mark unless its source
     * pushes it again or {@link #clearStale} is called.
     *
     * @return a change for every alert marked, in fingerprint order
     */
    public List<Change> markStale(String source, String labelValue, Stale stale, Instant now) {
        return staleMarks.mark(source, labelValue, stale, now);
    }

    /** Takes the stale mark off the firing alerts of {@code source} (with {@code labelValue}, when not null). */
    public List<Change> clearStale(String source, String labelValue, Instant now) {
        return staleMarks.clear(source, labelValue, now);
    }

    /**
     * Replaces everything held with persisted state (at start-up). Values are taken as they are; the next
     * {@link #tick} brings statuses, expiry and {@code silencedBy} up to date and reports what that changed.
     * Every firing alert gets at least a full resolve timeout from that tick: re-sends that only moved its
     * expiry change nothing visible and are not stored, so the stored expiry may be older than the sender meant.
     */
    public void restore(Collection<Alert> restoredAlerts, Collection<Silence> restoredSilences) {
        alerts.restore(restoredAlerts);
        silences.restore(restoredSilences);
        inhibition.invalidate();
        silencingStale = true;
        expiryStale = true;
    }

    /**
     * Opens a step: from here, everything this state does can be taken back with {@link #rollback()} until
     * {@link #commit()}. The pipeline brackets each change with these, so a change the store refused leaves
     * memory as it was.
     */
    public void begin() {
        alerts.begin();
        silences.begin();
        silencingStaleBefore = silencingStale;
        expiryStaleBefore = expiryStale;
    }

    /** Keeps what the open step did. */
    public void commit() {
        alerts.commit();
        silences.commit();
    }

    /** Undoes everything since {@link #begin()}, drops included. */
    public void rollback() {
        inhibition.invalidate();
        alerts.rollback();
        silences.rollback();
        silencingStale = silencingStaleBefore;
        expiryStale = expiryStaleBefore;
    }

    /** Fingerprints of the alerts the open step dropped for retention (no change is sent), for the store too. */
    public List<String> droppedAlerts() {
        return alerts.dropped();
    }

    /** Ids of the silences the open step dropped for retention. */
    public List<String> droppedSilences() {
        return silences.dropped();
    }

    /**
     * Firing alerts whose only move in the open step was their internal expiry (a re-send that changed nothing
     * visible). One node does not need them; in a cluster the other nodes must learn the new expiry, or they
     * would resolve an alert that is still being re-sent to a neighbour.
     */
    public List<Alert> touched() {
        return alerts.touched();
    }

    /**
     * Takes a change another node made (cluster mode), as it is: the other node's state machine already decided
     * it, so nothing is recomputed and no change is returned.
     */
    public void applyShared(Change change) {
        shared.apply(change);
        inhibition.invalidate();
    }

    /**
     * Re-sends may have been refused for a while (the store could not take writes): expiries are older than the
     * senders meant. The next tick gives every firing alert at least a full resolve timeout, as after a restore,
     * instead of resolving alerts whose sender was told 503 and is retrying.
     */
    public void expiriesMayBeStale() {
        expiryStale = true;
    }

    /** Another node extended a firing alert's expiry (a re-send that changed nothing visible). */
    public void extendExpiry(String fingerprint, Instant expiresAt) {
        shared.extendExpiry(fingerprint, expiresAt);
    }

    /** Every alert held, firing and recently resolved, in fingerprint order (a copy). */
    public Collection<Alert> alerts() {
        return alerts.values();
    }

    public Optional<Alert> alert(String fingerprint) {
        return Optional.ofNullable(alerts.get(fingerprint));
    }

    /** Every silence held, pending, active and recently expired, in id order (a copy). */
    public Collection<Silence> silences() {
        return silences.values();
    }

    public Optional<Silence> silence(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    /** The number of alerts held. */
    public int size() {
        return alerts.size();
    }
}
