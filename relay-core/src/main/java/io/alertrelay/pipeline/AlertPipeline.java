package io.alertrelay.pipeline;

import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.alert.Silence;
import io.alertrelay.alert.SilenceRequest;
import io.alertrelay.alert.Stale;
import io.alertrelay.hub.Hub;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.StoreHealth;
import io.alertrelay.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where alert state, store, journal and hub meet. Every change happens under one lock, in this
 * order: the state machine decides, the journal's next seqs are given out, the codec encodes each change once,
 * the store commits them, and only then does the journal hold them and the hub queue the bytes on every
 * matching session. Holding the lock across all of it is what makes a snapshot or a replay plus "go live"
 * exact: no change can fall between them. Committing before publishing is what makes "a client saw it" and
 * "ingest answered 2xx" mean "it is on disk"; a commit that fails rolls the state back, so nobody is told.
 *
 * <p>Hub delivery only enqueues; the store write is the one wait under the lock (tens of microseconds for
 * SQLite without fsync; one Redis round trip, about 0.1-0.3 ms on a local network, in a cluster). Where other
 * writers exist, the {@link ChangeSequencer} it was given brings it up to date when a step was refused as stale,
 * through the narrow {@link Replica} view, under this lock.
 */
public final class AlertPipeline {

    private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

    private final PipelineLock lock = new PipelineLock();
    private final AlertState state;
    private Journal journal; // replaced only when a shared store's history was replaced (the sequencer)
    private volatile String epoch;
    private final Hub hub;
    private final Clock clock;
    private final AlertStore store;
    private final StoreHealth storeHealth = new StoreHealth();
    private volatile PipelineStats stats;
    private final ChangeSequencer sequencer;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final StepCommitter committer;
    private final Subscriptions subscriptions;

    /** A pipeline that keeps nothing on disk: for tests of the pipeline alone. */
    public AlertPipeline(AlertState state, Journal journal, Hub hub, Clock clock) {
        this(state, journal, hub, clock, AlertStore.none(journal.epoch()));
    }

    /** A pipeline of a node that is alone: its store takes every step it builds. */
    public AlertPipeline(AlertState state, Journal journal, Hub hub, Clock clock, AlertStore store) {
        this(state, journal, hub, clock, store, ChangeSequencer.local());
    }

    /**
     * @param state   restored from {@code store} already, if it held anything
     * @param journal restored from {@code store} already, in the store's epoch
     * @param sequencer orders this node's changes with other writers' ({@link ChangeSequencer#local()} if none)
     */
    public AlertPipeline(
            AlertState state, Journal journal, Hub hub, Clock clock, AlertStore store, ChangeSequencer sequencer) {
        this.state = state;
        this.journal = journal;
        this.epoch = journal.epoch();
        this.hub = hub;
        this.clock = clock;
        this.store = store;
        this.sequencer = sequencer;
        this.stats = computeStats();
        this.committer = new StepCommitter(
                lock, state, () -> this.journal, store, storeHealth, sequencer, clock, this::journalAndPublish);
        this.subscriptions = new Subscriptions(lock, state, () -> this.journal, hub, sequencer);
        sequencer.attach(new Replicated());
    }

    /** Closes the store at shutdown, after the last change; waits for a change in progress. */
    public void closeStore() {
        lock.lock();
        try {
            store.close();
        } finally {
            lock.unlock();
        }
    }

    /** Whether other nodes write changes too (a cluster). */
    public boolean clustered() {
        return sequencer.clustered();
    }

    /** The lock every change goes through, to watch (the relay_pipeline_lock_* metrics); only this package takes it. */
    public PipelineLock lockWatch() {
        return lock;
    }

    /**
     * Why no change has got through for longer than {@code limit} (a holder or a waiter stuck), or null; never
     * waits for the lock. For /readyz and /healthz.
     */
    public String stalledLongerThan(Duration limit) {
        return lock.stalledLongerThan(limit);
    }

    /** Whether the store takes writes; read by /readyz and /metrics. */
    public StoreHealth storeHealth() {
        return storeHealth;
    }

    /** Without the lock (read by the WebSocket welcome on I/O threads, which must not wait on a store). */
    public String epoch() {
        return epoch;
    }

    /** The latest seq as of the last change, without the lock (for the welcome; a snapshot carries the exact one). */
    public long latestSeq() {
        return stats.journalLatestSeq();
    }

    public PipelineStats stats() {
        return stats;
    }

    /**
     * Also hands every change, in journal order, to {@code listener} (the history recorder): first every change
     * the journal holds (so a restarted relay's history is rebuilt from its store), then each new one. It runs
     * under the pipeline's lock, so it must be quick, must not block and must not call back into the pipeline.
     */
    public void addChangeListener(Consumer<Change> listener) {
        lock.lock();
        try {
            // what the journal still holds first (after a restart: what the store kept), then live, with no gap
            journal.after(journal.oldestSeq() - 1).ifPresent(held -> held.forEach(e -> listener.accept(e.change())));
            listeners.add(listener);
        } finally {
            lock.unlock();
        }
    }

    public Clock clock() {
        return clock;
    }

    /** Applies pushed alerts in order; returns how many of them changed what clients see. */
    public int ingest(List<PostableAlert> alerts, String source) {
        return mutate(now -> {
                    List<Change> out = new ArrayList<>();
                    for (PostableAlert a : alerts) out.addAll(state.ingest(a, source, now));
                    return out;
                })
                .size();
    }

    /**
     * Marks the firing alerts of {@code source} stale, those with {@code labelValue} among their label values
     * only when it is not null ({@link AlertState#markStale}); returns how many changed.
     */
    public int markStale(String source, String labelValue, Stale stale) {
        return mutate(now -> state.markStale(source, labelValue, stale, now)).size();
    }

    /** Takes the stale mark off the firing alerts of {@code source} ({@link AlertState#clearStale}). */
    public int clearStale(String source, String labelValue) {
        return mutate(now -> state.clearStale(source, labelValue, now)).size();
    }

    public Alert ack(String fingerprint, String by, String comment) {
        return ack(fingerprint, by, null, comment, null);
    }

    /**
     * @param person who acked, as they said, or null
     * @param lasts  how long until the relay takes the ack back by itself, or null for never
     */
    public Alert ack(String fingerprint, String by, String person, String comment, Duration lasts) {
        mutate(now -> state.ack(
                fingerprint,
                new Ack(by, now, comment == null ? "" : comment, lasts == null ? null : now.plus(lasts), person),
                now));
        return alert(fingerprint).orElseThrow();
    }

    public Alert unack(String fingerprint) {
        mutate(now -> state.unack(fingerprint, now));
        return alert(fingerprint).orElseThrow();
    }

    public Silence createSilence(SilenceRequest request) {
        List<Change> changes = mutate(now -> state.addSilence(request, now));
        return ((Change.SilenceChanged) changes.get(0)).silence();
    }

    /** As {@link AlertState#updateSilence}; returns the silence that holds now (a new id when it was replaced). */
    public Silence updateSilence(String id, SilenceRequest request) {
        List<Change> changes = mutate(now -> state.updateSilence(id, request, now));
        return changes.stream()
                .filter(c -> c instanceof Change.SilenceChanged)
                .map(c -> ((Change.SilenceChanged) c).silence())
                .reduce((first, last) -> last)
                .orElseThrow();
    }

    public Silence expireSilence(String id) {
        mutate(now -> state.expireSilence(id, now));
        return silence(id).orElseThrow();
    }

    /** Resolves timed-out alerts, moves silences along, trims the journal. Called about once a second. */
    public void tick() {
        try {
            committer.mutate(
                    now -> {
                        journal.trim(now);
                        return state.tick(now);
                    },
                    true);
        } catch (StoreUnavailableException e) {
            // counted and logged by StoreHealth; the tick runs again in a second
        }
        // a probe notices space (or Redis) coming back even when no change is waiting to be written
        if (storeHealth.problem() != null) probeStore();
        lock.lock();
        try {
            stats = computeStats();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts live delivery to {@code s}: a replay from {@code since} when the journal still covers it, else a
     * snapshot ({@link Subscriptions#subscribe}).
     *
     * @throws IllegalArgumentException when the filter did not fit in the budget; {@code s} is not subscribed
     */
    public SubscribeOutcome subscribe(Subscriber s, ResumePoint since) {
        return subscriptions.subscribe(s, since);
    }

    public void unsubscribe(Subscriber s) {
        hub.remove(s);
    }

    public List<Alert> alerts() {
        return locked(() -> List.copyOf(state.alerts()));
    }

    public Optional<Alert> alert(String fingerprint) {
        return locked(() -> state.alert(fingerprint));
    }

    public List<Silence> silences() {
        return locked(() -> List.copyOf(state.silences()));
    }

    public Optional<Silence> silence(String id) {
        return locked(() -> state.silence(id));
    }

    private void probeStore() {
        locked(() -> {
            if (store.probe()) storeHealth.ok();
            return null;
        });
    }

    /** A read (or a store probe) under the lock, so it sees no change half done. */
    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private List<Change> mutate(Function<Instant, List<Change>> step) {
        return committer.mutate(step, false);
    }

    /** Called by the committer under the lock, once the store holds {@code entries} and no earlier. */
    private void journalAndPublish(List<JournalEntry> entries) {
        // the journal first, all of it: it must end where the store ends, whatever publishing does next
        for (JournalEntry e : entries) journal.append(e);
        for (JournalEntry e : entries) publishLocked(e);
        refreshJournalStats();
    }

    /** Hands a journalled change to the hub and the listeners; a failure there costs that frame only. */
    private void publishLocked(JournalEntry e) {
        try {
            hub.publish(e.change(), e.frame());
            for (Consumer<Change> l : listeners) l.accept(e.change());
        } catch (RuntimeException | StackOverflowError ex) {
            // a subscriber or listener that throws loses this frame (it resumes by seq); the change stands
            log.error("publishing change {} failed; it is stored and journalled", e.seq(), ex);
        }
    }

    private void refreshJournalStats() {
        PipelineStats old = stats;
        // alert counts are O(alerts): refreshed by tick() only, so a burst of ingests stays O(1) each
        stats = new PipelineStats(
                journal.size(), journal.oldestSeq(), journal.latestSeq(), old.alertCounts(), old.silences());
    }

    private PipelineStats computeStats() {
        return PipelineStats.of(journal, state.alerts(), state.silences().size());
    }

    /** This pipeline as its sequencer sees it. */
    private final class Replicated implements Replica {
        @Override
        public <T> T locked(Supplier<T> work) {
            return AlertPipeline.this.locked(work);
        }

        @Override
        public String epoch() {
            return journal.epoch();
        }

        @Override
        public long latestSeq() {
            return journal.latestSeq();
        }

        @Override
        public Collection<Alert> alerts() {
            return state.alerts();
        }

        @Override
        public Collection<Silence> silences() {
            return state.silences();
        }

        @Override
        public void extendExpiry(String fingerprint, Instant at) {
            state.extendExpiry(fingerprint, at);
        }

        @Override
        public void apply(List<JournalEntry> entries) {
            for (JournalEntry e : entries) {
                state.applyShared(e.change());
                journal.append(e);
                publishLocked(e);
            }
            refreshJournalStats();
        }

        @Override
        public int replaceWith(AlertStore.Loaded loaded) {
            state.restore(loaded.alerts(), loaded.silences());
            journal = Journal.restore(
                    loaded.epoch(), loaded.latestSeq(), loaded.journal(), journal.maxEntries(), journal.maxAge());
            epoch = journal.epoch();
            stats = computeStats();
            List<Subscriber> told = hub.evictAll();
            told.forEach(Subscriber::historyReplaced);
            return told.size();
        }
    }
}
