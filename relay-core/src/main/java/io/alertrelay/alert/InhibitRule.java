package io.alertrelay.alert;

import io.alertrelay.config.InhibitRuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inhibition rule with Alertmanager's meaning: a firing alert that matches every source matcher inhibits each
 * alert that matches every target matcher and has the same value (a missing label counting as empty) for every
 * {@code equal} label. An alert that matches both sides is never inhibited by another alert that also matches
 * both (so an alert cannot inhibit itself, nor two of a kind each other).
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equal) {

    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }

    /**
     * Parses the configured rules.
     *
     * @throws IllegalArgumentException naming the rule ({@code alerts.inhibitRules[i]...}) and what is wrong
     */
    public static List<InhibitRule> parse(List<InhibitRuleConfig> configured) {
        List<InhibitRule> rules = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            InhibitRuleConfig c = configured.get(i);
            String at = "alerts.inhibitRules[" + i + "]";
            rules.add(new InhibitRule(
                    matchers(c.sourceMatchers(), at + ".sourceMatchers"),
                    matchers(c.targetMatchers(), at + ".targetMatchers"),
                    c.equal()));
        }
        return rules;
    }

    private static List<Matcher> matchers(List<String> texts, String at) {
        List<Matcher> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(Matcher.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    boolean isSource(Map<String, String> labels) {
        return matchesAll(sourceMatchers, labels);
    }

    boolean isTarget(Map<String, String> labels) {
        return matchesAll(targetMatchers, labels);
    }

    /** Whether firing {@code source} inhibits {@code target} by this rule (both on their sides already). */
    boolean inhibits(Alert source, Alert target) {
        if (source.fingerprint().equals(target.fingerprint())) return false;
        for (String name : equal) {
            if (!Objects.equals(value(source, name), value(target, name))) return false;
        }
        // Alertmanager's two-sided exclusion: an alert on both sides is not inhibited by one on both sides
        return !(isSource(target.labels()) && isTarget(source.labels()));
    }

    private static String value(Alert a, String name) {
        return a.labels().getOrDefault(name, "");
    }

    private static boolean matchesAll(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) return false;
        }
        return true;
    }
}
