package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fires when a metric reaches a level and stays there for {@code forDuration}; clears on the first sample
 * at or past {@code clear} ({@code clear} is inclusive: with {@code probe.up} 1/0, "critical 0, clear 1"
 * clears on the next good probe). A value between the raise level and {@code clear} keeps the alert as it
 * is (hysteresis: raise at 0.85, clear at 0.80 or below, so a value at the line does not flap). Two levels:
 * {@code warning} and {@code critical} (either may be null, not both); the alert's {@code severity} label
 * follows the level the value is at. With {@link Direction#BELOW} every comparison is reversed (memory
 * available at 10 % or less; clear at 15 % or more). docs/plugin-guide.md#rules states the whole life.
 *
 * @param forDuration         how long the level must hold before the alert fires; zero fires at once
 * @param resolvedAnnotations templates for the resolved alert's annotations (same language as
 *                            {@code annotations}); empty: a neutral "resolved at value X" summary
 * @param staleAfter          a firing series with no sample for this long is resolved as no longer reported;
 *                            null: three sample intervals of that series, at least one minute (five minutes
 *                            while its interval is not known yet, as just after a restart)
 */
public record ThresholdRule(
        String name,
        String metric,
        Direction direction,
        Double warning,
        Double critical,
        double clear,
        Duration forDuration,
        Map<String, String> labels,
        Map<String, String> annotations,
        boolean enabled,
        Map<String, String> resolvedAnnotations,
        Duration staleAfter)
        implements RuleSpec {

    public enum Direction {
        ABOVE,
        BELOW
    }

    public ThresholdRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        direction = direction == null ? Direction.ABOVE : direction;
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        resolvedAnnotations = resolvedAnnotations == null ? Map.of() : Map.copyOf(resolvedAnnotations);
    }

    /** As API 1.0 knew it: no resolved annotations, staleness from the series' own interval. */
    public ThresholdRule(
            String name,
            String metric,
            Direction direction,
            Double warning,
            Double critical,
            double clear,
            Duration forDuration,
            Map<String, String> labels,
            Map<String, String> annotations,
            boolean enabled) {
        this(name, metric, direction, warning, critical, clear, forDuration, labels, annotations, enabled, null, null);
    }

    /** The lowest level that fires (the warning level when set). */
    public double raiseLevel() {
        return warning != null ? warning : critical;
    }

    /** This rule with templates for its resolved alert's annotations. */
    public ThresholdRule withResolvedAnnotations(Map<String, String> templates) {
        return new ThresholdRule(
                name,
                metric,
                direction,
                warning,
                critical,
                clear,
                forDuration,
                labels,
                annotations,
                enabled,
                templates,
                staleAfter);
    }

    /** This rule with a stated staleness period (a source that samples every 10 minutes wants 30m). */
    public ThresholdRule withStaleAfter(Duration after) {
        return new ThresholdRule(
                name,
                metric,
                direction,
                warning,
                critical,
                clear,
                forDuration,
                labels,
                annotations,
                enabled,
                resolvedAnnotations,
                after);
    }

    /**
     * A rule built by name instead of by position (since API 1.2):
     *
     * <pre>{@code
     * ThresholdRule.builder("DiskFull", "disk.used.ratio")
     *         .warning(0.85).critical(0.95).clearAt(0.80).forDuration(Duration.ofMinutes(5))
     *         .annotation("summary", "Disk {{ $labels.mountpoint }} is {{ $value | percent }} full")
     *         .build();
     * }</pre>
     */
    public static Builder builder(String name, String metric) {
        return new Builder(name, metric);
    }

    /** Builds a {@link ThresholdRule}; {@link #build()} says what is missing. */
    public static final class Builder {
        private final String name;
        private final String metric;
        private Direction direction = Direction.ABOVE;
        private Double warning;
        private Double critical;
        private Double clear;
        private Duration forDuration = Duration.ZERO;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private final Map<String, String> resolvedAnnotations = new LinkedHashMap<>();
        private Duration staleAfter;
        private boolean enabled = true;

        private Builder(String name, String metric) {
            this.name = Objects.requireNonNull(name, "name");
            this.metric = Objects.requireNonNull(metric, "metric");
        }

        /** Fires when the value is at or above the levels (the default). */
        public Builder above() {
            direction = Direction.ABOVE;
            return this;
        }

        /** Fires when the value is at or below the levels (memory available at 10 % or less). */
        public Builder below() {
            direction = Direction.BELOW;
            return this;
        }

        public Builder warning(double level) {
            warning = level;
            return this;
        }

        public Builder critical(double level) {
            critical = level;
            return this;
        }

        /** The level at or past which a firing alert clears (inclusive); required. */
        public Builder clearAt(double level) {
            clear = level;
            return this;
        }

        public Builder forDuration(Duration d) {
            forDuration = Objects.requireNonNull(d, "forDuration");
            return this;
        }

        /** A label of the alert (a template: {@code {{ $labels.NAME }}}, {@code {{ $value }}}). */
        public Builder label(String key, String template) {
            labels.put(key, template);
            return this;
        }

        /** An annotation of the firing alert (a template, e.g. {@code "{{ $reason }}"}). */
        public Builder annotation(String key, String template) {
            annotations.put(key, template);
            return this;
        }

        /** An annotation of the resolved alert (a template evaluated with the sample that cleared it). */
        public Builder resolvedAnnotation(String key, String template) {
            resolvedAnnotations.put(key, template);
            return this;
        }

        public Builder staleAfter(Duration d) {
            staleAfter = Objects.requireNonNull(d, "staleAfter");
            return this;
        }

        /** A rule shipped turned off; an operator turns it on with {@code enabled: true}. */
        public Builder disabled() {
            enabled = false;
            return this;
        }

        /** @throws IllegalStateException when no level or no clear level was set */
        public ThresholdRule build() {
            if (warning == null && critical == null)
                throw new IllegalStateException("rule " + name + ": set warning(...), critical(...) or both");
            if (clear == null)
                throw new IllegalStateException("rule " + name + ": set clearAt(...), the level at or "
                        + (direction == Direction.ABOVE ? "below" : "above") + " which a firing alert clears");
            return new ThresholdRule(
                    name,
                    metric,
                    direction,
                    warning,
                    critical,
                    clear,
                    forDuration,
                    labels,
                    annotations,
                    enabled,
                    resolvedAnnotations,
                    staleAfter);
        }
    }
}
