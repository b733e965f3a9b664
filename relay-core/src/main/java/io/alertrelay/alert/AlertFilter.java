package io.alertrelay.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a subscriber (or a silence) wants to see: alerts whose labels satisfy every matcher. No matchers means
 * everything, so a client that sends no filter gets the whole wall.
 *
 * <p>For subscriptions ({@link #matches(Alert)}) a matcher on {@code severity} also sees the severity the relay
 * defaulted ({@code warning}) when the alert has no such label, so {@code severity=~"critical|warning"} shows
 * what the wall shows as warnings. Silences use {@link #matches(Map)}, which looks at labels only, exactly as
 * Alertmanager does, so a silence written for Alertmanager behaves the same here.
 *
 * @param matchers all must match; empty matches every alert
 */
public record AlertFilter(List<Matcher> matchers) {

    /** Matches every alert. */
    public static final AlertFilter ALL = new AlertFilter(List.of());

    public AlertFilter {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }

    /**
     * Parses matcher texts ({@code env="prod"}, ...); null or empty means {@link #ALL}.
     *
     * @throws IllegalArgumentException from {@link Matcher#parse} for the first bad text, naming it
     */
    public static AlertFilter parse(List<String> texts) {
        if (texts == null || texts.isEmpty()) return ALL;
        List<Matcher> parsed = new ArrayList<>(texts.size());
        for (String text : texts) {
            parsed.add(Matcher.parse(text));
        }
        return new AlertFilter(parsed);
    }

    /** Whether the alert passes every matcher; {@code severity} falls back to {@link Alert#severity()}. */
    public boolean matches(Alert alert) {
        for (Matcher m : matchers) {
            String value = alert.labels().get(m.name());
            if (value == null && m.name().equals("severity")) value = alert.severity();
            if (!m.matches(value)) return false;
        }
        return true;
    }

    /** Whether a label set passes every matcher, a missing label counting as "" (Alertmanager silence semantics). */
    public boolean matches(Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) return false;
        }
        return true;
    }

    /** True when this filter lets everything through. */
    public boolean all() {
        return matchers.isEmpty();
    }
}
