package io.alertrelay.hub;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.config.LimitsConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans one encoded change out to every subscriber whose filter matches. The frame is encoded once by the
 * caller and the very same buffer goes to every subscriber (nothing is allocated per delivery): the cost per
 * subscriber is a filter check and an enqueue, paid while the pipeline holds its lock.
 *
 * <p>Filters without regexes (the common case) cost a few map lookups and string compares; they are kept apart
 * and served exactly as before. Filters with regexes cost up to their RE2 program size per character of label,
 * so all of them together get at most {@code filterBudget} per change, lightest first (by
 * {@link io.alertrelay.alert.AlertFilter#regexWeight()}). A subscriber whose filter the budget does not reach,
 * or runs out in, is dropped and told ({@link Subscriber#filterOverBudget}): it loses nothing, it resumes by seq
 * with a cheaper filter. So one change holds the lock for its plain fan-out plus at most about the budget.
 */
public final class Hub {

    private final Set<Subscriber> plain = ConcurrentHashMap.newKeySet();
    private final Set<Weighed> weighed = new ConcurrentSkipListSet<>(Weighed.ORDER);
    private final Map<Subscriber, Weighed> weighedBy = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();
    private final Duration filterBudget;

    /** A subscriber with regexes in its filter, and where it stands in the lightest-first order. */
    private record Weighed(int weight, long order, Subscriber subscriber) {
        static final Comparator<Weighed> ORDER =
                Comparator.comparingInt(Weighed::weight).thenComparingLong(Weighed::order);
    }

    /** @param filterBudget what all regex filters together may spend on one change ({@code limits.filterBudget}) */
    public Hub(Duration filterBudget) {
        if (filterBudget == null || filterBudget.isNegative() || filterBudget.isZero()) {
            throw new IllegalArgumentException("filterBudget must be positive, not " + filterBudget);
        }
        this.filterBudget = filterBudget;
    }

    /** A hub with the default budget (tests and benchmarks). */
    public Hub() {
        this(LimitsConfig.DEFAULT_FILTER_BUDGET);
    }

    /** What all regex filters together may spend on one change. */
    public Duration filterBudget() {
        return filterBudget;
    }

    /** Adds {@code s} with the filter it has now; a subscriber changes its filter by being removed and added. */
    public void add(Subscriber s) {
        int weight = s.filter().regexWeight();
        if (weight == 0) {
            plain.add(s);
        } else {
            Weighed w = new Weighed(weight, order.incrementAndGet(), s);
            Weighed old = weighedBy.put(s, w);
            if (old != null) weighed.remove(old);
            weighed.add(w);
        }
    }

    public void remove(Subscriber s) {
        plain.remove(s);
        Weighed w = weighedBy.remove(s);
        if (w != null) weighed.remove(w);
    }

    /** Removes every subscriber and returns them (the history they follow was replaced). */
    public List<Subscriber> evictAll() {
        List<Subscriber> all = new ArrayList<>(plain);
        all.addAll(weighedBy.keySet());
        all.forEach(this::remove);
        return all;
    }

    public void publish(Change change, ByteBuffer frame) {
        if (change instanceof Change.AlertChanged a) {
            for (Subscriber s : plain) {
                if (s.filter().matches(a.alert())) s.deliver(frame);
            }
            if (!weighed.isEmpty()) publishToRegexFilters(a.alert(), frame);
        } else {
            for (Subscriber s : plain) s.deliver(frame);
            for (Weighed w : weighed) w.subscriber().deliver(frame);
        }
    }

    private void publishToRegexFilters(Alert alert, ByteBuffer frame) {
        MatchDeadline deadline = MatchDeadline.after(filterBudget);
        for (Weighed w : weighed) {
            Subscriber s = w.subscriber();
            boolean matches;
            try {
                matches = s.filter().matches(alert, deadline);
            } catch (MatchDeadline.Exceeded e) {
                overBudget(s);
                continue;
            }
            if (matches) s.deliver(frame);
        }
    }

    private void overBudget(Subscriber s) {
        remove(s);
        MatchDeadline.countOverBudget();
        s.filterOverBudget("filter-too-expensive: its regexes did not fit in limits.filterBudget ("
                + filterBudget.toMillis() + " ms) for one alert; resume with a simpler filter");
    }
}
