package io.alertrelay.plugin.api;

import java.time.Duration;
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
}
