package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.LinkedHashMap;
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

    /**
     * A rule built by name instead of by position (since API 1.2):
     *
     * <pre>{@code
     * CountRule.builder("OomKills", "oom").count(3).within(Duration.ofMinutes(10)).severity("critical").build();
     * }</pre>
     */
    public static Builder builder(String name, String pattern) {
        return new Builder(name, pattern);
    }

    /** Builds a {@link CountRule}: by default it fires on the first match and resolves after 10 quiet minutes. */
    public static final class Builder {
        private final String name;
        private final String pattern;
        private int count = 1;
        private Duration window = Duration.ZERO;
        private Duration resolveAfter;
        private String severity = "warning";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final Map<String, String> resolvedAnnotations = new LinkedHashMap<>();
        private boolean enabled = true;

        private Builder(String name, String pattern) {
            this.name = Objects.requireNonNull(name, "name");
            this.pattern = Objects.requireNonNull(pattern, "pattern");
        }

        /** How many matches within {@link #within} fire the alert (default 1). */
        public Builder count(int matches) {
            if (matches < 1) throw new IllegalArgumentException("rule " + name + ": count must be at least 1");
            count = matches;
            return this;
        }

        public Builder within(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /** How long without a match resolves the alert (default 10 minutes). */
        public Builder resolveAfter(Duration quiet) {
            resolveAfter = Objects.requireNonNull(quiet, "resolveAfter");
            return this;
        }

        /** {@code warning} (default) or {@code critical}. */
        public Builder severity(String severity) {
            this.severity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        public Builder label(String key, String template) {
            labels.put(key, template);
            return this;
        }

        public Builder annotation(String key, String template) {
            annotations.put(key, template);
            return this;
        }

        public Builder resolvedAnnotation(String key, String template) {
            resolvedAnnotations.put(key, template);
            return this;
        }

        public Builder disabled() {
            enabled = false;
            return this;
        }

        public CountRule build() {
            return new CountRule(
                    name,
                    pattern,
                    count,
                    window,
                    resolveAfter,
                    severity,
                    labels,
                    annotations,
                    enabled,
                    resolvedAnnotations);
        }
    }
}
