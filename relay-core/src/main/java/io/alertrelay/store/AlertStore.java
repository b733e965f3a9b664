package io.alertrelay.store;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import java.util.List;

/**
 * Where alert state and the journal outlive the process. The pipeline commits every step here before anyone is
 * told about it, so what a client saw or an ingest was answered 2xx for is on disk. One node uses
 * {@link SqliteAlertStore}; a cluster puts the same surface on Redis ({@link SharedAlertStore}).
 */
public interface AlertStore extends AutoCloseable {

    /**
     * One step of the pipeline, committed all or nothing.
     *
     * @param entries         new journal entries in seq order; their changes carry the new alert and silence values
     * @param dropped         alerts and silences that left for retention
     * @param journalOldest   journal entries before this seq may go (0: keep all)
     * @param touched         alerts whose internal expiry alone moved (see AlertState#touched); a single node
     *                        need not keep them, a cluster shares them
     */
    record Step(List<JournalEntry> entries, Dropped dropped, long journalOldest, List<Alert> touched) {

        public Step(List<JournalEntry> entries, Dropped dropped, long journalOldest) {
            this(entries, dropped, journalOldest, List.of());
        }

        public boolean isEmpty() {
            return entries.isEmpty() && dropped.isEmpty() && journalOldest <= 0 && touched.isEmpty();
        }
    }

    /** Alerts (by fingerprint) and silences (by id) that left for retention: no change is sent for them. */
    record Dropped(List<String> alerts, List<String> silences) {
        public static final Dropped NONE = new Dropped(List.of(), List.of());

        public Dropped {
            alerts = List.copyOf(alerts);
            silences = List.copyOf(silences);
        }

        public boolean isEmpty() {
            return alerts.isEmpty() && silences.isEmpty();
        }
    }

    /** What the store held at start-up. {@code journal} is in seq order and may be empty. */
    record Loaded(
            String epoch, long latestSeq, List<Alert> alerts, List<Silence> silences, List<JournalEntry> journal) {}

    Loaded load();

    /**
     * @return whether anything was written (an empty step writes nothing, and says nothing about the disk)
     * @throws StoreUnavailableException when the step could not be committed; nothing of it was kept
     */
    boolean commit(Step step);

    /** Whether a write goes through now: a tiny write, used to notice that space has come back. */
    boolean probe();

    @Override
    void close();

    /** Keeps nothing: for tests of the pipeline alone. A relay always has a real store. */
    static AlertStore none(String epoch) {
        return new AlertStore() {
            @Override
            public Loaded load() {
                return new Loaded(epoch, 0, List.of(), List.of(), List.of());
            }

            @Override
            public boolean commit(Step step) {
                return !step.isEmpty();
            }

            @Override
            public boolean probe() {
                return true;
            }

            @Override
            public void close() {}
        };
    }
}
