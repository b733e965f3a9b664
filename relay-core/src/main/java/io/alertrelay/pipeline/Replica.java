package io.alertrelay.pipeline;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.AlertStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a {@link ChangeSequencer} may do to the pipeline that attached it: read where it stands, apply entries other
 * nodes wrote, or replace its whole history. Every method but {@link #locked} expects the pipeline's lock to be
 * held, which {@link #locked} takes.
 */
public interface Replica {

    /** Runs {@code work} under the pipeline's lock, ordered with every local change and subscribe. */
    <T> T locked(Supplier<T> work);

    default void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    String epoch();

    long latestSeq();

    /**
     * Applies entries another node committed, in seq order right after {@link #latestSeq}, as a local change does
     * after its commit: state, journal, then the local hub and listeners, with the frame the writing node encoded.
     */
    void apply(List<JournalEntry> entries);

    /** Another node extended a firing alert's expiry (a re-send that changed nothing visible). */
    void extendExpiry(String fingerprint, Instant expiresAt);

    Collection<Alert> alerts();

    Collection<Silence> silences();

    /**
     * Replaces state and journal with {@code loaded} (same journal limits) and tells every subscriber to start over.
     *
     * @return how many subscribers were told
     */
    int replaceWith(AlertStore.Loaded loaded);
}
