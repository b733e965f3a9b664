package io.alertrelay.pipeline;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.alert.Silence;
import io.alertrelay.hub.Hub;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.wire.WireCodec;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The one place where alert state, journal and hub meet. Every change happens under one lock, in this
 * order: the state machine decides, the journal gives it the next seq, the codec encodes it once, the hub
 * queues the bytes on every matching session. Holding the lock across all four is what makes a snapshot or
 * a replay plus "go live" exact: no change can fall between them.
 *
 * <p>Nothing under the lock blocks: hub delivery only enqueues.
 */
public final class AlertPipeline {

    private final ReentrantLock lock = new ReentrantLock();
    private final AlertState state;
    private final Journal journal;
    private final Hub hub;
    private final Clock clock;
    private volatile PipelineStats stats;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public AlertPipeline(AlertState state, Journal journal, Hub hub, Clock clock) {
        this.state = state;
        this.journal = journal;
        this.hub = hub;
        this.clock = clock;
        this.stats = computeStats();
    }

    public String epoch() { return journal.epoch(); }

    public long latestSeq() {
        lock.lock();
        try {
            return journal.latestSeq();
        } finally {
            lock.unlock();
        }
    }

    public PipelineStats stats() { return stats; }

    /**
     * Also hands every change, in journal order, to {@code listener} (the history recorder). It runs under the
     * pipeline's lock, so it must be quick, must not block and must not call back into the pipeline.
     */
    public void addChangeListener(Consumer<Change> listener) { listeners.add(listener); }

    public Clock clock() { return clock; }

    /** Applies pushed alerts in order; returns how many of them changed what clients see. */
    public int ingest(List<PostableAlert> alerts, String source) {
        return mutate(now -> {
            List<Change> out = new ArrayList<>();
            for (PostableAlert a : alerts) out.addAll(state.ingest(a, source, now));
            return out;
        }).size();
    }

    public Alert ack(String fingerprint, String by, String comment) {
        mutate(now -> state.ack(fingerprint, by, comment, now));
        return alert(fingerprint).orElseThrow();
    }

    public Alert unack(String fingerprint) {
        mutate(now -> state.unack(fingerprint, now));
        return alert(fingerprint).orElseThrow();
    }

    public Silence createSilence(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                 String comment) {
        List<Change> changes = mutate(now -> state.addSilence(matchers, startsAt, endsAt, createdBy, comment, now));
        return ((Change.SilenceChanged) changes.get(0)).silence();
    }

    public Silence expireSilence(String id) {
        mutate(now -> state.expireSilence(id, now));
        return silence(id).orElseThrow();
    }

    /** Resolves timed-out alerts, moves silences along, trims the journal. Called about once a second. */
    public void tick() {
        mutate(now -> {
            journal.trim(now);
            return state.tick(now);
        });
        lock.lock();
        try {
            stats = computeStats();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts live delivery to {@code s}. With a resume point the journal still covers, replays what was
     * missed; otherwise queues a snapshot ({@code reset} when a resume was asked for but cannot be honoured).
     * Either way the subscriber is registered before the lock is released, so nothing falls in between.
     */
    public SubscribeOutcome subscribe(Subscriber s, ResumePoint since) {
        lock.lock();
        try {
            hub.remove(s);
            if (since != null && since.epoch().equals(journal.epoch())) {
                Optional<List<JournalEntry>> missed = journal.after(since.seq());
                if (missed.isPresent()) {
                    int frames = 0;
                    for (JournalEntry e : missed.get()) {
                        if (e.change() instanceof Change.AlertChanged a && !s.filter().matches(a.alert())) continue;
                        s.deliver(e.frame().duplicate());
                        frames++;
                    }
                    hub.add(s);
                    return new SubscribeOutcome(true, false, frames, journal.latestSeq());
                }
            }
            List<Alert> alerts = state.alerts().stream().filter(s.filter()::matches).toList();
            byte[] snapshot = WireCodec.snapshot(journal.latestSeq(), alerts, state.silences(), since != null);
            s.deliver(ByteBuffer.wrap(snapshot));
            hub.add(s);
            return new SubscribeOutcome(false, since != null, 1, journal.latestSeq());
        } finally {
            lock.unlock();
        }
    }

    public void unsubscribe(Subscriber s) { hub.remove(s); }

    public List<Alert> alerts() {
        lock.lock();
        try {
            return List.copyOf(state.alerts());
        } finally {
            lock.unlock();
        }
    }

    public Optional<Alert> alert(String fingerprint) {
        lock.lock();
        try {
            return state.alert(fingerprint);
        } finally {
            lock.unlock();
        }
    }

    public List<Silence> silences() {
        lock.lock();
        try {
            return List.copyOf(state.silences());
        } finally {
            lock.unlock();
        }
    }

    public Optional<Silence> silence(String id) {
        lock.lock();
        try {
            return state.silence(id);
        } finally {
            lock.unlock();
        }
    }

    private List<Change> mutate(Function<Instant, List<Change>> step) {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Change> changes = step.apply(now);
            for (Change c : changes) {
                long seq = journal.nextSeq();
                ByteBuffer frame = WireCodec.changeFrame(seq, c);
                journal.append(new JournalEntry(seq, now, c, frame));
                hub.publish(c, frame);
                for (Consumer<Change> l : listeners) l.accept(c);
            }
            PipelineStats old = stats;
            // alert counts are O(alerts): refreshed by tick() only, so a burst of ingests stays O(1) each
            stats = new PipelineStats(journal.size(), journal.oldestSeq(), journal.latestSeq(),
                    old.alertCounts(), old.silences());
            return changes;
        } finally {
            lock.unlock();
        }
    }

    private PipelineStats computeStats() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Alert a : state.alerts()) {
            counts.computeIfAbsent(a.status().name().toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                    .merge(a.severity(), 1, Integer::sum);
        }
        return new PipelineStats(journal.size(), journal.oldestSeq(), journal.latestSeq(), counts,
                state.silences().size());
    }
}
