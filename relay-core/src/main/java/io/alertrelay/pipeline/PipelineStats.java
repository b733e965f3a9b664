package io.alertrelay.pipeline;

import io.alertrelay.alert.Alert;
import io.alertrelay.journal.Journal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Numbers the metrics read without taking the pipeline's lock; refreshed after every change and tick.
 *
 * @param alertCounts firing/resolved -> severity -> count
 */
public record PipelineStats(
        int journalEntries,
        long journalOldestSeq,
        long journalLatestSeq,
        Map<String, Map<String, Integer>> alertCounts,
        int silences) {

    /** Counts every alert: O(alerts), so taken by tick() and on a history swap, not on every change. */
    static PipelineStats of(Journal journal, Collection<Alert> alerts, int silences) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        for (Alert a : alerts) {
            counts.computeIfAbsent(a.status().name().toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                    .merge(a.severity(), 1, Integer::sum);
        }
        return new PipelineStats(journal.size(), journal.oldestSeq(), journal.latestSeq(), counts, silences);
    }
}
