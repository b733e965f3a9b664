package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Fires when a pattern matched at least {@code count} times within {@code window} for the same label set
 * ({@code count: 1} fires on the first match), and resolves after {@code resolveAfter} without a match.
 *
 * @param resolvedAnnotations templates for the resolved alert's annotations; empty: a neutral summary
 *                            ("resolved: no match for 10m")
 */
public record CountRule(
        String name,
        String pattern,
        int count,
        Duration window,
        Duration resolveAfter,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        boolean enabled,
        Map<String, String> resolvedAnnotations)
        implements RuleSpec {

    public CountRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        window = window == null ? Duration.ZERO : window;
        resolveAfter = resolveAfter == null ? Duration.ofMinutes(10) : resolveAfter;
        severity = severity == null ? "warning" : severity;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        resolvedAnnotations = resolvedAnnotations == null ? Map.of() : Map.copyOf(resolvedAnnotations);
    }

    /** As API 1.0 knew it: no resolved annotations. */
    public CountRule(
            String name,
            String pattern,
            int count,
            Duration window,
            Duration resolveAfter,
            String severity,
            Map<String, String> labels,
            Map<String, String> annotations,
            boolean enabled) {
        this(name, pattern, count, window, resolveAfter, severity, labels, annotations, enabled, null);
    }

    /** This rule with templates for its resolved alert's annotations. */
    public CountRule withResolvedAnnotations(Map<String, String> templates) {
        return new CountRule(
                name, pattern, count, window, resolveAfter, severity, labels, annotations, enabled, templates);
    }
}
