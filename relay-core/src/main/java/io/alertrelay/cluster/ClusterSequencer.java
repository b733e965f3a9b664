package io.alertrelay.cluster;

import io.alertrelay.journal.JournalEntry;
import io.alertrelay.pipeline.ChangeSequencer;
import io.alertrelay.pipeline.Replica;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.SharedAlertStore;
import io.alertrelay.store.StaleViewException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node of a cluster in step with the shared journal: the sequencer of a node whose store is shared.
 * Every node holds the whole state in memory and applies the shared journal's entries in seq order: its own (it
 * wrote them) and the other nodes' (read from the store by the {@link ClusterFeed}, or fetched when its own write
 * was refused as stale). Applying an entry is what a local change does after its commit (see {@link Replica#apply}),
 * with the frame the writing node encoded, so each change is encoded once in the whole cluster.
 *
 * <p>Every method runs under the pipeline's lock, which orders applied entries with local changes and with
 * subscribes (a replay plus "go live" stays exact on every node).
 */
public final class ClusterSequencer implements ChangeSequencer {

    private static final Logger log = LoggerFactory.getLogger(ClusterSequencer.class);

    private final SharedAlertStore store;
    private Replica pipeline;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();

    public ClusterSequencer(SharedAlertStore store) {
        this.store = store;
    }

    @Override
    public void attach(Replica replica) {
        if (pipeline != null) throw new IllegalStateException("a sequencer serves one pipeline");
        this.pipeline = replica;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    /** relay_cluster_applied, _conflicts and _resyncs: how this node keeps in step with the others. */
    void registerMetrics(MeterRegistry registry) {
        FunctionCounter.builder("relay.cluster.applied", applied, AtomicLong::get)
                .description("Changes other nodes made, applied here and sent to this node's clients")
                .register(registry);
        FunctionCounter.builder("relay.cluster.conflicts", conflicts, AtomicLong::get)
                .description("Changes built again because another node wrote first")
                .register(registry);
        FunctionCounter.builder("relay.cluster.resyncs", resyncs, AtomicLong::get)
                .description("Times this node replaced its history with Redis' (Redis came back empty, or the node"
                        + " fell behind the shared journal); its clients resumed with a reset")
                .register(registry);
    }

    /**
     * Entries the cluster feed read from the store in {@code epoch}, in seq order. Those this node holds already are
     * skipped; a gap before them (the feed raced a local catch-up) is filled from the store first. Entries of an
     * epoch this node no longer follows are ignored (a resync happened after the feed read them).
     */
    void receive(String epoch, List<JournalEntry> entries) {
        pipeline.locked(() -> {
            if (!pipeline.epoch().equals(epoch)) return;
            long latest = pipeline.latestSeq();
            List<JournalEntry> fresh =
                    entries.stream().filter(e -> e.seq() > latest).toList();
            if (fresh.isEmpty()) return;
            if (fresh.get(0).seq() != latest + 1) {
                catchUp();
                return;
            }
            applyLocked(fresh);
        });
    }

    /** Expiries other nodes extended (re-sends that changed nothing visible), by fingerprint. */
    void receiveExpiries(String epoch, Map<String, Instant> expiries) {
        pipeline.locked(() -> {
            if (pipeline.epoch().equals(epoch)) expiries.forEach(pipeline::extendExpiry);
        });
    }

    /**
     * Compares the store's history with this node's and starts over when they cannot go on together: the store lost
     * its data, another node re-seeded it, or it went back in time. Reads the store outside the pipeline's lock.
     */
    void checkPosition() {
        SharedAlertStore.Position at = store.position();
        Position mine = position();
        if (at.epoch() != null && at.epoch().equals(mine.epoch()) && at.seq() >= mine.seq()) return;
        pipeline.locked(() -> {
            SharedAlertStore.Position now = store.position();
            if (now.epoch() == null || !now.epoch().equals(pipeline.epoch()) || now.seq() < pipeline.latestSeq()) {
                resyncLocked(now);
            }
        });
    }

    /** The epoch and seq this node has reached; what the feed reads after. */
    Position position() {
        return pipeline.locked(() -> new Position(pipeline.epoch(), pipeline.latestSeq()));
    }

    record Position(String epoch, long seq) {}

    /** Another node wrote first: counted, then caught up with {@link #catchUp()}. */
    @Override
    public void conflict(StaleViewException e) {
        if (!(e instanceof StaleViewException.EpochChanged)
                && e.storeSeq() >= 0
                && e.storeSeq() < pipeline.latestSeq()) {
            resyncLocked(store.position()); // not a race: the store lost changes this node saw committed
            return;
        }
        conflicts.incrementAndGet();
        catchUp();
    }

    /**
     * Applies what the store holds after this node's latest seq; returns how many entries that was. A client resuming
     * from a seq this node has not reached yet calls it too, so it gets a replay rather than a reset.
     */
    @Override
    public int catchUp() {
        List<JournalEntry> next;
        try {
            next = store.entriesAfter(pipeline.epoch(), pipeline.latestSeq());
        } catch (StaleViewException.EpochChanged e) {
            resyncLocked(store.position());
            return 1;
        }
        if (!next.isEmpty() && next.get(0).seq() != pipeline.latestSeq() + 1) {
            // fell further behind than the shared journal reaches: only a fresh copy of the state will do
            resyncLocked(store.position());
            return next.size();
        }
        applyLocked(next);
        return next.size();
    }

    private void applyLocked(List<JournalEntry> entries) {
        pipeline.apply(entries);
        applied.addAndGet(entries.size());
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
        String oldEpoch = pipeline.epoch();
        long oldSeq = pipeline.latestSeq();
        int alerts = pipeline.alerts().size();
        int silences = pipeline.silences().size();
        boolean holdsState = alerts > 0 || silences > 0;
        boolean lost = at.epoch() == null;
        boolean rewound = !lost && at.epoch().equals(oldEpoch) && at.seq() < oldSeq;
        boolean freshOverState = !lost && !at.epoch().equals(oldEpoch) && at.fresh() && at.seq() == 0 && holdsState;
        if (lost || rewound || freshOverState) {
            String seeded = store.reseed(at.epoch(), oldSeq, pipeline.alerts(), pipeline.silences());
            log.warn(
                    "the shared store's history {}: it holds this node's {} alerts and {} silences again, epoch {}",
                    lost
                            ? "was gone (Redis restarted without its data?)"
                            : rewound
                                    ? "went back from seq " + oldSeq + " to " + at.seq()
                                            + " (a Redis failover or restore lost acknowledged changes)"
                                    : "was made empty by a node that started on an empty Redis",
                    alerts,
                    silences,
                    seeded);
        }
        AlertStore.Loaded loaded = store.load();
        int told = pipeline.replaceWith(loaded);
        log.warn(
                "this node took the shared store's history: epoch {} -> {}, seq {} -> {}, {} alerts; {} subscribers"
                        + " were asked to resume",
                oldEpoch,
                loaded.epoch(),
                oldSeq,
                loaded.latestSeq(),
                loaded.alerts().size(),
                told);
    }
}
