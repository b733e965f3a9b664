package io.alertrelay.pipeline;

import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.NoSuchAlertException;
import io.alertrelay.alert.NoSuchSilenceException;
import io.alertrelay.journal.Journal;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import io.alertrelay.store.StaleViewException;
import io.alertrelay.store.StoreHealth;
import io.alertrelay.store.StoreUnavailableException;
import io.alertrelay.wire.WireCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The write path of {@link AlertPipeline}: builds a step on the state, commits it to the store, and only then
 * hands its entries on to be journalled and published; builds it again when another writer committed first.
 * Every step runs under the pipeline's lock, so steps and a sequencer's catch-up never interleave.
 */
final class StepCommitter {

    /** How often a step is built again after another writer committed first, before the caller gets a 503. */
    static final int MAX_ATTEMPTS = 20;

    private final PipelineLock lock;
    private final AlertState state;
    // a supplier, not the journal: the sequencer replaces the pipeline's journal when a shared history was replaced
    private final Supplier<Journal> journal;
    private final AlertStore store;
    private final StoreHealth storeHealth;
    private final ChangeSequencer sequencer;
    private final Clock clock;
    private final Consumer<List<JournalEntry>> committed;

    /**
     * @param journal   the pipeline's current journal, read afresh on every attempt
     * @param committed journals and publishes a committed step's entries, under the lock
     */
    StepCommitter(
            PipelineLock lock,
            AlertState state,
            Supplier<Journal> journal,
            AlertStore store,
            StoreHealth storeHealth,
            ChangeSequencer sequencer,
            Clock clock,
            Consumer<List<JournalEntry>> committed) {
        this.lock = lock;
        this.state = state;
        this.journal = journal;
        this.store = store;
        this.storeHealth = storeHealth;
        this.sequencer = sequencer;
        this.clock = clock;
        this.committed = committed;
    }

    /**
     * @param trimJournal whether the store may drop journal entries the journal no longer holds
     */
    List<Change> mutate(Function<Instant, List<Change>> step, boolean trimJournal) {
        lock.lock();
        try {
            boolean lookedForMissing = false;
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(step, trimJournal);
                } catch (StaleViewException e) {
                    // another node wrote first (cluster): take its changes, then decide again on the newer state
                    if (attempt >= MAX_ATTEMPTS) throw StoreUnavailableException.contended(attempt, e);
                    sequencer.conflict(e);
                } catch (NoSuchAlertException | NoSuchSilenceException e) {
                    // in a cluster the alert may have been created on another node a moment ago: look once
                    if (lookedForMissing || sequencer.catchUp() == 0) throw e;
                    lookedForMissing = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Change> attempt(Function<Instant, List<Change>> step, boolean trimJournal) {
        Instant now = clock.instant();
        Journal journal = this.journal.get();
        List<Change> changes;
        List<JournalEntry> entries;
        boolean wrote;
        state.begin();
        try {
            changes = step.apply(now);
            entries = new ArrayList<>(changes.size());
            long seq = journal.nextSeq();
            for (Change c : changes) {
                entries.add(new JournalEntry(seq, now, c, WireCodec.changeFrame(seq, c)));
                seq++;
            }
            wrote = store.commit(new AlertStore.Step(
                    entries,
                    new AlertStore.Dropped(state.droppedAlerts(), state.droppedSilences()),
                    trimJournal ? journal.oldestSeq() : 0,
                    state.touched()));
        } catch (RuntimeException | Error e) {
            // anything, a StackOverflowError from a regex included: memory must not keep what the store lacks
            state.rollback();
            if (e instanceof StoreUnavailableException u) {
                storeHealth.failed(u);
                // re-sends are refused meanwhile: do not resolve their alerts when writes work again
                state.expiriesMayBeStale();
            }
            throw e;
        }
        state.commit();
        if (wrote) storeHealth.ok();
        committed.accept(entries);
        return changes;
    }
}
