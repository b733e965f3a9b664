package io.alertrelay.alert;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as pushed in (Alertmanager's postable alert, or built by a plugin).
 * {@code startsAt} null means "now"; {@code endsAt} null means "firing until re-sent or the resolve timeout";
 * {@code endsAt} at or before now means resolved.
 */
public record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL) {

    public PostableAlert {
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
