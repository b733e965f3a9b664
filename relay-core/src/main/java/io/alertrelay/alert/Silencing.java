package io.alertrelay.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Which silences apply to a label set, and what status a silence has at a given time. Kept apart from
 * {@link AlertState} so the rule ("active, and every matcher matches the labels, a missing label counting as
 * empty") lives in one small place that tests and the store can share.
 *
 * <p>Silences are checked under the pipeline's lock, so their regexes get the same time budget as subscribe
 * filters ({@code limits.filterBudget}): RE2 is linear, but a large regex on a long label still costs its program
 * size per character. Checking one label set against every silence may spend at most the budget; a silence whose
 * check did not fit silences nothing for that alert (the wall shows more, never less) and is counted in
 * {@code relay_matcher_budget_exceeded_total}. A new silence is checked against every alert held once, at
 * creation, within {@value #CREATE_BUDGET_FACTOR} budgets, and refused if that does not fit, so an operator learns
 * at once rather than from a metric.
 *
 * <p>Not thread-safe; immutable apart from the shared counter.
 */
final class Silencing {

    /** A new silence's one pass over every alert may take this many filter budgets. */
    static final int CREATE_BUDGET_FACTOR = 10;

    private final Duration budget;

    /** @param budget what checking one label set against every silence may spend on regexes */
    Silencing(Duration budget) {
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the silence budget must be positive, not " + budget);
        }
        this.budget = budget;
    }

    /**
     * Ids of the {@link Silence.Status#ACTIVE} silences whose matchers all match {@code labels}, sorted so that
     * equal sets compare equal. Cost: every matcher of every active silence once, regexes within the budget.
     */
    List<String> silencedBy(Map<String, String> labels, Collection<Silence> silences) {
        List<String> ids = new ArrayList<>();
        MatchDeadline deadline = MatchDeadline.after(budget);
        for (Silence s : silences) {
            if (s.status() != Silence.Status.ACTIVE) continue;
            try {
                if (matches(s, labels, deadline)) ids.add(s.id());
            } catch (MatchDeadline.Exceeded e) {
                MatchDeadline.countOverBudget();
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /**
     * The fingerprints of the alerts a new silence matches, checked within {@value #CREATE_BUDGET_FACTOR} budgets.
     *
     * @throws IllegalArgumentException when that did not fit: the silence is too costly for the alerts held
     */
    List<String> matchingAtCreation(Silence silence, Collection<Alert> alerts) {
        MatchDeadline deadline = MatchDeadline.after(budget.multipliedBy(CREATE_BUDGET_FACTOR));
        List<String> matched = new ArrayList<>();
        try {
            for (Alert a : alerts) {
                if (matches(silence, a.labels(), deadline)) matched.add(a.fingerprint());
            }
        } catch (MatchDeadline.Exceeded e) {
            MatchDeadline.countOverBudget();
            throw new IllegalArgumentException("silence " + silence.matchers() + " could not be checked against the "
                    + alerts.size() + " alerts held within "
                    + budget.multipliedBy(CREATE_BUDGET_FACTOR).toMillis()
                    + " ms (" + CREATE_BUDGET_FACTOR + " x limits.filterBudget): its regexes cost too much on these"
                    + " labels; use fewer or simpler regexes, or = matchers");
        }
        return matched;
    }

    /** Whether every matcher of the silence matches the labels ({@link AlertFilter#matches(Map)} semantics). */
    static boolean matches(Silence silence, Map<String, String> labels) {
        return matches(silence, labels, MatchDeadline.NONE);
    }

    private static boolean matches(Silence silence, Map<String, String> labels, MatchDeadline deadline) {
        for (Matcher m : silence.matchers()) {
            if (!m.matches(labels.get(m.name()), deadline)) return false;
        }
        return true;
    }

    /**
     * Checks a new silence's matchers and times; returns when it starts (a {@code startsAt} in the past or null
     * counts as now: a silence does not act on the past).
     *
     * @throws IllegalArgumentException for no matchers, only empty-matching matchers, or an endsAt not after
     *                                  both now and startsAt
     */
    static Instant checkNew(List<Matcher> matchers, Instant startsAt, Instant endsAt, Instant now) {
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException(
                    "a silence needs at least one matcher: give e.g. alertname=\"HostOutOfDiskSpace\"");
        }
        Unicode.requireValid(matchers);
        if (matchers.stream().allMatch(m -> m.matches(null))) {
            throw new IllegalArgumentException("silence " + matchers + " would match alerts that lack those labels,"
                    + " i.e. nearly everything: add a matcher that needs a value, e.g. alertname=\"...\"");
        }
        Instant start = startsAt == null || startsAt.isBefore(now) ? now : startsAt;
        if (endsAt == null || !endsAt.isAfter(start)) {
            throw new IllegalArgumentException("silence endsAt " + endsAt + " must be after "
                    + (start.equals(now) ? "now (" + now + ")" : "its startsAt " + start)
                    + ": give an endsAt in the future");
        }
        return start;
    }

    /**
     * The status the silence should have at {@code now}: an expired silence stays expired (an operator may have
     * ended it early); otherwise it is expired from its endsAt, active from its startsAt, pending before.
     */
    static Silence.Status statusAt(Silence silence, Instant now) {
        if (silence.status() == Silence.Status.EXPIRED || !silence.endsAt().isAfter(now)) {
            return Silence.Status.EXPIRED;
        }
        return silence.startsAt().isAfter(now) ? Silence.Status.PENDING : Silence.Status.ACTIVE;
    }
}
