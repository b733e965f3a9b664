package io.alertrelay.history;

import io.alertrelay.alert.Ack;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One firing episode of an alert that has resolved: what it was, when it fired and resolved, and what people
 * did about it in between.
 *
 * @param ack           the last acknowledgement the episode had, or null
 * @param events        in time order, starting with {@code fired} and ending with {@code resolved}; long
 *                      episodes keep the first event and the latest ones (see {@link HistoryRecorder#MAX_EVENTS})
 * @param eventsDropped how many events in the middle were dropped to keep the episode bounded
 */
public record HistoryEntry(
        String fingerprint,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        String source,
        Instant firedAt,
        Instant resolvedAt,
        Ack ack,
        List<HistoryEvent> events,
        int eventsDropped) {

    public HistoryEntry {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        events = List.copyOf(events);
    }
}
