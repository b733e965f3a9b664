package io.alertrelay.rule;

import io.alertrelay.alert.PostableAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rule-made alert says when it resolves. The firing text ("expires in 2 days") is no longer true, so
 * {@code summary} becomes a neutral sentence and {@code description} goes, unless the rule has resolved
 * annotations, which are rendered over that; {@code resolved_reason} always says why it ended. Other
 * annotations (a runbook link) stay.
 */
final class Resolution {

    /** The annotation that says why a rule-made alert resolved. */
    static final String REASON = "resolved_reason";

    /**
     * How long after the rule engine's own deadline the alert state resolves a firing rule-made alert by
     * itself: only if the engine could not (its plugin stopped, its thread was held up), never first.
     */
    static final Duration SAFETY_MARGIN = Duration.ofMinutes(1);

    private Resolution() {}

    /**
     * @param templates      the rule's resolved annotations (may be empty)
     * @param templateLabels what {@code $labels} means in them
     * @param value          what {@code $value} means in them: the value that cleared, or the last one seen
     * @param sampleReason   what {@code $reason} means in them: that sample's reason, or null
     */
    static PostableAlert of(
            Map<String, String> labels,
            Map<String, String> firingAnnotations,
            Instant startsAt,
            Instant at,
            Map<String, String> templates,
            Map<String, String> templateLabels,
            double value,
            String sampleReason,
            String summary,
            String reason) {
        Map<String, String> annotations = new LinkedHashMap<>(firingAnnotations);
        annotations.remove("description");
        annotations.put("summary", summary);
        templates.forEach((k, t) -> annotations.put(k, Templates.render(t, templateLabels, value, sampleReason)));
        annotations.put(REASON, reason);
        Instant end = at.isBefore(startsAt) ? startsAt : at;
        return new PostableAlert(labels, annotations, startsAt, end, null);
    }

    /** The labels that name a series' alert whatever its severity: a new level is a new alert of the same series. */
    static Map<String, String> identity(Map<String, String> alertLabels) {
        Map<String, String> m = new LinkedHashMap<>(alertLabels);
        m.remove("severity");
        return m;
    }
}
