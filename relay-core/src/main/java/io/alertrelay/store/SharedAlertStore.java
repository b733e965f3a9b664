package io.alertrelay.store;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import java.util.Collection;
import java.util.List;

/**
 * A store several relays write to (cluster mode). Each node keeps its own copy of the state in memory and builds
 * every step on it; the store takes a step only if it was built on the latest entry (optimistic concurrency, one
 * atomic check-and-append in the store), so every node applies the same changes in the same order.
 */
public interface SharedAlertStore extends AlertStore {

    /**
     * Where the shared history stands.
     *
     * @param epoch null when the store holds none (it lost its data)
     * @param fresh the epoch was made by a node that started on an empty store, and nobody wrote to it yet
     */
    record Position(String epoch, long seq, boolean fresh) {}

    Position position();

    /**
     * Every journal entry after {@code seq}, in order, as far as the store still holds them (a bounded page: call
     * again for more).
     *
     * @throws StaleViewException.EpochChanged when the store's epoch is no longer {@code epoch}
     * @throws StoreUnavailableException       when the store cannot be read
     */
    List<JournalEntry> entriesAfter(String epoch, long seq);

    /**
     * Puts this node's state into the store under a new epoch when the store's history is one the cluster cannot go
     * on from: none at all ({@code expectedEpoch} null), or {@code expectedEpoch} gone back in time (its seq below
     * {@code reachedSeq}) or fresh. Several nodes may try at once: the first wins.
     *
     * @return the store's epoch afterwards (this node's new one, or the one that won)
     */
    String reseed(String expectedEpoch, long reachedSeq, Collection<Alert> alerts, Collection<Silence> silences);
}
