package io.alertrelay.plugin.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Fires when a metric crosses a level and stays there for {@code forDuration}; clears only when it comes
 * back past {@code clear} (hysteresis: raise at 0.85, clear below 0.80, so a value at the line does not
 * flap). Two levels: {@code warning} and {@code critical} (either may be null, not both); the alert's
 * {@code severity} label follows the highest level crossed. With {@link Direction#BELOW} every comparison is
 * reversed (memory available below 10 %).
 *
 * @param forDuration how long the level must hold before the alert fires; zero fires at once
 */
public record ThresholdRule(String name, String metric, Direction direction, Double warning, Double critical,
                            double clear, Duration forDuration, Map<String, String> labels,
                            Map<String, String> annotations, boolean enabled) implements RuleSpec {

    public enum Direction { ABOVE, BELOW }

    public ThresholdRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        direction = direction == null ? Direction.ABOVE : direction;
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The lowest level that fires (the warning level when set). */
    public double raiseLevel() {
        return warning != null ? warning : critical;
    }
}
