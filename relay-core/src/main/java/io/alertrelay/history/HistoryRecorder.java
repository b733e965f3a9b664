package io.alertrelay.history;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertFilter;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.pipeline.AlertPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Remembers recently resolved alerts and what happened to them (fired, acked by whom, silenced, resolved), so
 * the wall can answer "what was that alert an hour ago, and who handled it" after the alert itself has left the
 * relay's state. Fed with every {@link Change} the pipeline makes, in order.
 *
 * <p>Memory is bounded: at most {@code capacity} resolved episodes (the oldest go first), at most
 * {@link #MAX_EVENTS} events per episode, and one open episode per firing alert (which the alert state holds
 * anyway). It lives in memory, and is rebuilt at start from the journal the store kept (up to
 * {@code journal.maxEntries} changes and {@code journal.maxAge} back).
 *
 * <p>Thread-safe. {@link #accept} runs under the pipeline's lock, so it only updates maps and never blocks.
 */
public final class HistoryRecorder implements Consumer<Change> {

    public static final int DEFAULT_CAPACITY = 1000;
    /** Events kept per episode: the first ({@code fired}) and the latest ones. */
    public static final int MAX_EVENTS = 32;

    private final int capacity;
    private final Map<String, Episode> open = new HashMap<>();
    private final ArrayDeque<HistoryEntry> resolved = new ArrayDeque<>(); // newest first

    public HistoryRecorder(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("history capacity must be at least 1, not " + capacity);
        this.capacity = capacity;
    }

    /** A recorder with {@link #DEFAULT_CAPACITY}, already listening to {@code pipeline}. */
    public static HistoryRecorder listeningTo(AlertPipeline pipeline) {
        HistoryRecorder r = new HistoryRecorder(DEFAULT_CAPACITY);
        pipeline.addChangeListener(r);
        return r;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized void accept(Change change) {
        if (!(change instanceof Change.AlertChanged changed)) return;
        Alert a = changed.alert();
        Episode e = open.get(a.fingerprint());
        if (e == null) {
            // a new firing episode (acks do not carry over, as in AlertState), or the recorder started late
            e = new Episode(a);
            open.put(a.fingerprint(), e);
        } else {
            e.observe(a);
        }
        if (!a.firing()) {
            e.add(HistoryEvent.of(a.endsAt(), "resolved"));
            open.remove(a.fingerprint());
            resolved.addFirst(e.toEntry());
            while (resolved.size() > capacity) resolved.removeLast();
        }
    }

    /** The newest resolved episodes first, at most {@code limit}, of alerts that pass {@code filter}. */
    public List<HistoryEntry> recent(int limit, AlertFilter filter) {
        return recent(limit, filter, MatchDeadline.NONE);
    }

    /**
     * As {@link #recent(int, AlertFilter)}, with the filter's regexes stopped at {@code deadline}. The filter runs on
     * a copy, outside this recorder's monitor: {@link #accept} runs under the pipeline's lock and must never wait
     * on a query.
     *
     * @throws MatchDeadline.Exceeded when the deadline passed first
     */
    public List<HistoryEntry> recent(int limit, AlertFilter filter, MatchDeadline deadline) {
        List<HistoryEntry> all;
        synchronized (this) {
            all = new ArrayList<>(resolved);
        }
        List<HistoryEntry> out = new ArrayList<>(Math.min(limit, all.size()));
        for (HistoryEntry h : all) {
            if (out.size() >= limit) break;
            if (matches(filter, h, deadline)) out.add(h);
        }
        return out;
    }

    /** The same severity fallback as subscriptions: {@code severity=...} also sees the defaulted severity. */
    private static boolean matches(AlertFilter filter, HistoryEntry h, MatchDeadline deadline) {
        if (filter.all()) return true;
        Map<String, String> labels = h.labels();
        if (!labels.containsKey("severity")) {
            labels = new HashMap<>(labels);
            labels.put("severity", h.severity());
        }
        return filter.matches(labels, deadline);
    }

    /** What is known so far about one firing episode. */
    private static final class Episode {
        private Alert last;
        private final List<HistoryEvent> events = new ArrayList<>();
        private int dropped;

        Episode(Alert first) {
            this.last = first;
            add(HistoryEvent.of(first.startsAt(), "fired"));
            if (first.ack() != null) acked(first);
            if (!first.silencedBy().isEmpty())
                add(new HistoryEvent(first.updatedAt(), "silenced", null, String.join(",", first.silencedBy())));
        }

        void observe(Alert next) {
            if (!Objects.equals(last.ack(), next.ack())) {
                if (next.ack() != null) acked(next);
                else add(HistoryEvent.of(next.updatedAt(), "unacked"));
            }
            if (!last.silencedBy().equals(next.silencedBy())) {
                if (next.silencedBy().isEmpty()) add(HistoryEvent.of(next.updatedAt(), "unsilenced"));
                else add(new HistoryEvent(next.updatedAt(), "silenced", null, String.join(",", next.silencedBy())));
            }
            last = next;
        }

        private void acked(Alert a) {
            add(new HistoryEvent(a.ack().at(), "acked", a.ack().by(), a.ack().comment()));
        }

        void add(HistoryEvent event) {
            if (events.size() >= MAX_EVENTS) {
                events.remove(1); // keep "fired" and the latest ones
                dropped++;
            }
            events.add(event);
        }

        HistoryEntry toEntry() {
            return new HistoryEntry(
                    last.fingerprint(),
                    last.severity(),
                    last.labels(),
                    last.annotations(),
                    last.source(),
                    last.startsAt(),
                    last.endsAt(),
                    last.ack(),
                    events,
                    dropped);
        }
    }
}
