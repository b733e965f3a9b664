package io.alertrelay.history;

import java.time.Instant;

/**
 * One thing that happened to an alert during a firing episode.
 *
 * @param type    {@code fired}, {@code acked}, {@code unacked}, {@code silenced}, {@code unsilenced} or {@code
 * resolved}
 * @param by      who acked (for {@code acked}); null otherwise
 * @param detail  the ack comment (for {@code acked}), the silence ids (for {@code silenced}); null otherwise
 */
public record HistoryEvent(Instant at, String type, String by, String detail) {

    static HistoryEvent of(Instant at, String type) {
        return new HistoryEvent(at, type, null, null);
    }
}
