package io.alertrelay.config;

import java.time.Duration;
import java.util.List;

/**
 * Alert lifecycle timings, inhibition and grouping.
 *
 * @param resolveTimeout          a firing alert that is not re-sent for this long resolves by itself
 *                                (when its sender gave no end time)
 * @param resolvedRetention       how long a resolved alert stays visible before it is dropped; 0 drops it at once
 * @param expiredSilenceRetention how long an expired silence stays listed; 0 drops it at once
 * @param inhibitRules            Alertmanager's inhibition rules: firing source alerts hide target alerts
 * @param groupBy                 the labels {@code GET /api/v2/alerts/groups} groups by
 * @param ackExpiry               how long an ack lasts when the ack itself does not say; null: until the alert
 *                                resolves or someone un-acks it
 */
public record AlertsConfig(
        Duration resolveTimeout,
        Duration resolvedRetention,
        Duration expiredSilenceRetention,
        List<InhibitRuleConfig> inhibitRules,
        List<String> groupBy,
        Duration ackExpiry) {

    public static final List<String> DEFAULT_GROUP_BY = List.of("alertname");

    public AlertsConfig {
        inhibitRules = List.copyOf(inhibitRules);
        groupBy = List.copyOf(groupBy);
    }

    /** Timings only: no inhibition, grouped by alertname. */
    public AlertsConfig(Duration resolveTimeout, Duration resolvedRetention, Duration expiredSilenceRetention) {
        this(resolveTimeout, resolvedRetention, expiredSilenceRetention, List.of(), DEFAULT_GROUP_BY, null);
    }

    /** Without a default ack expiry. */
    public AlertsConfig(
            Duration resolveTimeout,
            Duration resolvedRetention,
            Duration expiredSilenceRetention,
            List<InhibitRuleConfig> inhibitRules,
            List<String> groupBy) {
        this(resolveTimeout, resolvedRetention, expiredSilenceRetention, inhibitRules, groupBy, null);
    }

    public static AlertsConfig defaults() {
        return new AlertsConfig(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(24));
    }

    public AlertsConfig withInhibitRules(List<InhibitRuleConfig> rules) {
        return new AlertsConfig(resolveTimeout, resolvedRetention, expiredSilenceRetention, rules, groupBy, ackExpiry);
    }

    /** With acks that expire after {@code after} unless the ack says otherwise (null: acks never expire). */
    public AlertsConfig withAckExpiry(Duration after) {
        return new AlertsConfig(
                resolveTimeout, resolvedRetention, expiredSilenceRetention, inhibitRules, groupBy, after);
    }
}
