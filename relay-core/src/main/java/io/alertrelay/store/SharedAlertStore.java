package io.alertrelay.store;

import io.alertrelay.journal.JournalEntry;
import java.util.List;

/**
 * A store several relays write to (cluster mode). Each node keeps its own copy of the state in memory and builds
 * every step on it; the store takes a step only if it was built on the latest entry (optimistic concurrency, one
 * atomic check-and-append in the store), so every node applies the same changes in the same order.
 */
public interface SharedAlertStore extends AlertStore {

    /**
     * Every journal entry after {@code seq}, in order, as far as the store still holds them.
     *
     * @throws StaleViewException.EpochChanged when the store's epoch is no longer {@code epoch}
     * @throws StoreUnavailableException       when the store cannot be read
     */
    List<JournalEntry> entriesAfter(String epoch, long seq);

    /**
     * Puts this node's state into a store that lost everything (Redis restarted empty), under a new epoch, unless
     * another node did so first.
     *
     * @return the store's epoch afterwards
     */
    String reseed(java.util.Collection<io.alertrelay.alert.Alert> alerts,
                  java.util.Collection<io.alertrelay.alert.Silence> silences);

    /** The store's epoch now, or null when it holds none (it lost its data). */
    String currentEpoch();
}
