package io.alertrelay.config;

import java.util.List;

/**
 * One {@code alerts.inhibitRules} item as written, with Alertmanager's meaning: while an alert matching every
 * source matcher fires, alerts matching every target matcher that have the same values of the {@code equal}
 * labels are inhibited. Matchers stay text here; the alert state parses them (and the relay refuses to start when
 * one does not parse, naming the item).
 */
public record InhibitRuleConfig(List<String> sourceMatchers, List<String> targetMatchers, List<String> equal) {

    public InhibitRuleConfig {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }
}
