package io.alertrelay.pipeline;

import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.SharedAlertStore;
import io.alertrelay.store.StaleViewException;
import io.alertrelay.store.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node of a cluster in step with the shared journal. Every node holds the whole state in memory and
 * applies the shared journal's entries in seq order: its own (it wrote them) and the other nodes' (read from
 * the store by the cluster feed, or fetched when its own write was refused as stale). Applying an entry is
 * what a local change does after its commit: state, journal, then the local hub and listeners, with the frame
 * the writing node encoded, so each change is encoded once in the whole cluster.
 *
 * <p>Every method runs under the pipeline's lock, which orders applied entries with local changes and with
 * subscribes (a replay plus "go live" stays exact on every node).
 */
public final class SharedSync {

    private static final Logger log = LoggerFactory.getLogger(SharedSync.class);
    /** How often a step is built again after another node wrote first, before the caller gets a 503. */
    static final int MAX_ATTEMPTS = 20;

    private final AlertPipeline pipeline;
    private final SharedAlertStore store;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();

    SharedSync(AlertPipeline pipeline, SharedAlertStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    /** Entries written by other nodes and applied here. */
    public long applied() { return applied.get(); }

    /** Steps this node built again because another node wrote first. */
    public long conflicts() { return conflicts.get(); }

    /** Times this node dropped its history for the store's (the store lost its data, or this node fell behind). */
    public long resyncs() { return resyncs.get(); }

    /**
     * Entries the cluster feed read from the store in {@code epoch}, in seq order. Those this node holds already are
     * skipped; a gap before them (the feed raced a local catch-up) is filled from the store first. Entries of an
     * epoch this node no longer follows are ignored (a resync happened after the feed read them).
     */
    public void receive(String epoch, List<JournalEntry> entries) {
        withLock(() -> {
            if (!pipeline.journal().epoch().equals(epoch)) return;
            long latest = pipeline.journal().latestSeq();
            List<JournalEntry> fresh = entries.stream().filter(e -> e.seq() > latest).toList();
            if (fresh.isEmpty()) return;
            if (fresh.get(0).seq() != latest + 1) {
                catchUpLocked();
                return;
            }
            fresh.forEach(this::applyLocked);
            pipeline.refreshJournalStats();
        });
    }

    /** Expiries other nodes extended (re-sends that changed nothing visible), by fingerprint. */
    public void receiveExpiries(String epoch, Map<String, Instant> expiries) {
        withLock(() -> {
            if (pipeline.journal().epoch().equals(epoch)) expiries.forEach(pipeline.state()::extendExpiry);
        });
    }

    /**
     * Compares the store's history with this node's and starts over when they cannot go on together: the store lost
     * its data, another node re-seeded it, or it went back in time. Reads the store outside the pipeline's lock.
     */
    public void checkPosition() {
        SharedAlertStore.Position at = store.position();
        Position mine = position();
        if (at.epoch() != null && at.epoch().equals(mine.epoch()) && at.seq() >= mine.seq()) return;
        withLock(() -> {
            SharedAlertStore.Position now = store.position();
            Journal journal = pipeline.journal();
            if (now.epoch() == null || !now.epoch().equals(journal.epoch()) || now.seq() < journal.latestSeq()) {
                resyncLocked(now);
            }
        });
    }

    /** The epoch and seq this node has reached; what the feed reads after. */
    public Position position() {
        return withLock(() -> new Position(pipeline.journal().epoch(), pipeline.journal().latestSeq()));
    }

    public record Position(String epoch, long seq) {}

    /** Another node wrote first: counted, then caught up with {@link #catchUpLocked()}. */
    void conflictLocked(StaleViewException e) {
        if (!(e instanceof StaleViewException.EpochChanged) && e.storeSeq() >= 0
                && e.storeSeq() < pipeline.journal().latestSeq()) {
            resyncLocked(store.position()); // not a race: the store lost changes this node saw committed
            return;
        }
        conflicts.incrementAndGet();
        catchUpLocked();
    }

    /**
     * Applies what the store holds after this node's latest seq; returns how many entries that was. A client resuming
     * from a seq this node has not reached yet calls it too, so it gets a replay rather than a reset.
     */
    int catchUpLocked() {
        Journal journal = pipeline.journal();
        List<JournalEntry> next;
        try {
            next = store.entriesAfter(journal.epoch(), journal.latestSeq());
        } catch (StaleViewException.EpochChanged e) {
            resyncLocked(store.position());
            return 1;
        }
        if (!next.isEmpty() && next.get(0).seq() != journal.latestSeq() + 1) {
            // fell further behind than the shared journal reaches: only a fresh copy of the state will do
            resyncLocked(store.position());
            return next.size();
        }
        next.forEach(this::applyLocked);
        pipeline.refreshJournalStats();
        return next.size();
    }

    private void applyLocked(JournalEntry e) {
        pipeline.state().applyShared(e.change());
        pipeline.journal().append(e);
        pipeline.publishLocked(e);
        applied.incrementAndGet();
    }

    /**
     * Replaces this node's state and journal with the store's. When the store's history is not one the cluster can
     * go on from (none, gone back in time, or a fresh epoch a starting node made while this node holds state), this
     * node's state goes back into it under a new epoch first, unless another node did that already. Every
     * subscriber is told to start over: its next resume names the old epoch (or a seq past the new history) and
     * gets a snapshot with reset.
     *
     * <p>Runs under the lock, store reads included: it is rare, and nothing may interleave with the swap.
     */
    private void resyncLocked(SharedAlertStore.Position at) {
        resyncs.incrementAndGet();
        Journal old = pipeline.journal();
        boolean holdsState = pipeline.state().size() > 0 || !pipeline.state().silences().isEmpty();
        boolean lost = at.epoch() == null;
        boolean rewound = !lost && at.epoch().equals(old.epoch()) && at.seq() < old.latestSeq();
        boolean freshOverState = !lost && !at.epoch().equals(old.epoch()) && at.fresh() && at.seq() == 0 && holdsState;
        if (lost || rewound || freshOverState) {
            String seeded = store.reseed(at.epoch(), old.latestSeq(), pipeline.state().alerts(),
                    pipeline.state().silences());
            log.warn("the shared store's history {}: it holds this node's {} alerts and {} silences again, epoch {}",
                    lost ? "was gone (Redis restarted without its data?)"
                            : rewound ? "went back from seq " + old.latestSeq() + " to " + at.seq()
                            + " (a Redis failover or restore lost acknowledged changes)"
                            : "was made empty by a node that started on an empty Redis",
                    pipeline.state().size(), pipeline.state().silences().size(), seeded);
        }
        AlertStore.Loaded loaded = store.load();
        pipeline.state().restore(loaded.alerts(), loaded.silences());
        pipeline.replaceJournal(Journal.restore(loaded.epoch(), loaded.latestSeq(), loaded.journal(),
                old.maxEntries(), old.maxAge()));
        List<Subscriber> told = pipeline.hub().evictAll();
        told.forEach(Subscriber::historyReplaced);
        log.warn("this node took the shared store's history: epoch {} -> {}, seq {} -> {}, {} alerts; {} subscribers"
                + " were asked to resume", old.epoch(), loaded.epoch(), old.latestSeq(), loaded.latestSeq(),
                loaded.alerts().size(), told.size());
    }

    static StoreUnavailableException contended(int attempts, RuntimeException last) {
        return new StoreUnavailableException("the change could not be applied: other relays of the cluster wrote"
                + " first " + attempts + " times in a row (" + last.getMessage() + "). Try again in a moment", last);
    }

    private void withLock(Runnable r) {
        withLock(() -> {
            r.run();
            return null;
        });
    }

    private <T> T withLock(java.util.function.Supplier<T> s) {
        pipeline.lock().lock();
        try {
            return s.get();
        } finally {
            pipeline.lock().unlock();
        }
    }
}
