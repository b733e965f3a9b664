package io.alertrelay.plugin.api;

import java.util.Map;

/**
 * A rule that turns signals into alerts: a {@link ThresholdRule} over samples or a {@link CountRule} over
 * matches. Labels and annotations are templates: {@code {{ $labels.mountpoint }}}, {@code {{ $value }}},
 * {@code {{ $value | percent }}} (0.93 -> 93%), {@code {{ $value | humanize }}} (1234567 -> 1.23M).
 * The alert's labels are {@code alertname} (the rule name), the signal's labels, then the rule's labels.
 */
public sealed interface RuleSpec permits ThresholdRule, CountRule {

    /** Unique per plugin; also the {@code alertname} label. */
    String name();

    boolean enabled();

    Map<String, String> labels();

    Map<String, String> annotations();
}
