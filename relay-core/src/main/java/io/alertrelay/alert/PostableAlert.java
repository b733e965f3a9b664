package io.alertrelay.alert;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as pushed in (Alertmanager's postable alert, or built by a plugin).
 * {@code startsAt} null means "now"; {@code endsAt} null means "firing until re-sent or the resolve timeout";
 * {@code endsAt} at or before now means resolved.
 *
 * @param anySeverity a resolve that ends every firing alert with these labels plus any {@code severity} (the
 *                    labels hold none); only plugins make these ({@code AlertSignal.resolvedWhateverSeverity})
 */
public record PostableAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        boolean anySeverity) {

    /** An alert with exactly these labels, as Alertmanager's API takes it. */
    public PostableAlert(
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL) {
        this(labels, annotations, startsAt, endsAt, generatorURL, false);
    }

    public PostableAlert {
        labels = Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
