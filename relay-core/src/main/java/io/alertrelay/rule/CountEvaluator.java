package io.alertrelay.rule;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.CountRule;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One count rule: per label set, the matches within {@code window}; fires at {@code count} of them. Each
 * alert is sent with {@code endsAt = last match + resolveAfter}, so the relay resolves it by itself after the
 * quiet time and every further match only moves that end (no message unless something visible changed).
 */
final class CountEvaluator {

    private static final class Series {
        final ArrayDeque<Instant> hits = new ArrayDeque<>();
        boolean firing;
        Instant since;
        Instant lastMatch;
        String example;
    }

    private final CountRule rule;
    private final Map<Map<String, String>, Series> series = new HashMap<>();

    CountEvaluator(CountRule rule) {
        this.rule = rule;
    }

    String pattern() { return rule.pattern(); }

    List<PostableAlert> evaluate(Map<String, String> matchLabels, String text, Instant at) {
        Series s = series.computeIfAbsent(matchLabels, k -> new Series());
        if (s.firing && !at.isBefore(s.lastMatch.plus(rule.resolveAfter()))) s.firing = false;
        s.hits.addLast(at);
        Instant from = at.minus(rule.window());
        while (!s.hits.isEmpty() && s.hits.peekFirst().isBefore(from)) s.hits.removeFirst();
        s.lastMatch = at;
        if (!s.firing && s.hits.size() < rule.count()) return List.of();
        if (!s.firing) {
            s.firing = true;
            s.since = at;
            s.example = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.name());
        labels.putAll(matchLabels);
        rule.labels().forEach((k, t) -> labels.put(k, Templates.render(t, matchLabels, s.hits.size())));
        labels.putIfAbsent("severity", rule.severity());
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations().forEach((k, t) -> annotations.put(k, Templates.render(t, matchLabels, s.hits.size())));
        annotations.putIfAbsent("summary", rule.name() + ": " + (rule.count() == 1 ? "matched"
                : "matched " + rule.count() + " or more times within " + io.alertrelay.plugin.api.Durations.format(rule.window())));
        if (!s.example.isEmpty()) annotations.putIfAbsent("example", s.example);
        return List.of(new PostableAlert(labels, annotations, s.since, at.plus(rule.resolveAfter()), null));
    }

    /** Forgets series that are quiet and not firing, so label sets seen once do not pile up. */
    void forgetQuiet(Instant now) {
        Iterator<Series> it = series.values().iterator();
        while (it.hasNext()) {
            Series s = it.next();
            if (s.firing && !now.isBefore(s.lastMatch.plus(rule.resolveAfter()))) s.firing = false;
            if (!s.firing && (s.lastMatch == null || s.lastMatch.isBefore(now.minus(rule.window())))) it.remove();
        }
    }
}
