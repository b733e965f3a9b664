package io.alertrelay.plugin.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A ready-made alert, as Alertmanager's postable alert: labels identify it, annotations describe it.
 *
 * @param startsAt null means now
 * @param endsAt   null means firing until re-sent or the relay's resolve timeout; at or before now means resolved
 */
public record AlertSignal(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt)
        implements Signal {

    public AlertSignal {
        Objects.requireNonNull(labels, "labels");
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public boolean resolved(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }
}
