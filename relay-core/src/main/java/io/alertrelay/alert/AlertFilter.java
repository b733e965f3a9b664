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

    /**
     * Parses as {@link #parse(List)} and refuses a regex larger than {@code maxRegexProgram} RE2 instructions
     * ({@code limits.maxRegexProgram}): what every front door that takes matchers from a client uses.
     *
     * @throws IllegalArgumentException naming the first bad or too large matcher
     */
    public static AlertFilter parse(List<String> texts, int maxRegexProgram) {
        AlertFilter f = parse(texts);
        for (Matcher m : f.matchers) m.requireProgramAtMost(maxRegexProgram);
        return f;
    }

    /** Whether the alert passes every matcher; {@code severity} falls back to {@link Alert#severity()}. */
    public boolean matches(Alert alert) {
        return matches(alert, MatchDeadline.NONE);
    }

    /**
     * As {@link #matches(Alert)}, stopping when {@code deadline} passes.
     *
     * @throws MatchDeadline.Exceeded when it passed before every matcher was decided
     */
    public boolean matches(Alert alert, MatchDeadline deadline) {
        for (Matcher m : matchers) {
            String value = alert.labels().get(m.name());
            if (value == null && m.name().equals("severity")) value = alert.severity();
            if (!m.matches(value, deadline)) return false;
        }
        return true;
    }

    /** Whether a label set passes every matcher, a missing label counting as "" (Alertmanager silence semantics). */
    public boolean matches(Map<String, String> labels) {
        return matches(labels, MatchDeadline.NONE);
    }

    /** As {@link #matches(Map)}, stopping when {@code deadline} passes ({@link MatchDeadline.Exceeded}). */
    public boolean matches(Map<String, String> labels, MatchDeadline deadline) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()), deadline)) return false;
        }
        return true;
    }

    /**
     * The RE2 instructions of all its regexes together, 0 without regexes: what evaluating it costs per character
     * of label, at most. The hub serves light filters before heavy ones.
     */
    public int regexWeight() {
        int w = 0;
        for (Matcher m : matchers) w += m.programSize();
        return w;
    }

    /** True when this filter lets everything through. */
    public boolean all() {
        return matchers.isEmpty();
    }
}
