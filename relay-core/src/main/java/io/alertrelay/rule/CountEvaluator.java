package io.alertrelay.rule;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Durations;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One count rule: per label set, the matches within {@code window}; fires at {@code count} of them and resolves
 * {@code resolveAfter} after the last match. The engine's tick sends the resolve (with resolved text); each
 * firing alert also carries {@code endsAt} a safety margin later, so the alert state resolves it by itself if
 * the engine cannot. Not thread-safe: {@link RuleEngine} serialises calls per plugin.
 */
final class CountEvaluator {

    private static final class Series {
        final ArrayDeque<Instant> hits = new ArrayDeque<>();
        Map<String, String> matchLabels;
        boolean firing;
        Instant since;
        Instant lastMatch;
        String example;
        Map<String, String> labels;
        Map<String, String> annotations;
    }

    private final CountRule rule;
    private final Map<Map<String, String>, Series> series = new HashMap<>();
    /** Firing alerts held from before a restart, by labels, with when the engine took them over. */
    private final Map<Map<String, String>, Adopted> adopted = new LinkedHashMap<>();

    private record Adopted(Alert alert, Instant at) {}

    CountEvaluator(CountRule rule) {
        this.rule = rule;
    }

    String pattern() {
        return rule.pattern();
    }

    String name() {
        return rule.name();
    }

    List<PostableAlert> evaluate(Map<String, String> matchLabels, String text, Instant at) {
        List<PostableAlert> out = new ArrayList<>(2);
        Series s = series.computeIfAbsent(matchLabels, k -> new Series());
        s.matchLabels = matchLabels;
        if (s.firing && !at.isBefore(quietAt(s))) out.add(resolve(s, quietAt(s))); // the tick did not get there first
        s.hits.addLast(at);
        Instant from = at.minus(rule.window());
        while (!s.hits.isEmpty() && s.hits.peekFirst().isBefore(from)) s.hits.removeFirst();
        s.lastMatch = at;
        if (!s.firing) {
            Adopted a = adopted.isEmpty() ? null : adopted.remove(labels(matchLabels, s.hits.size()));
            if (a != null) {
                s.firing = true; // it was firing before the restart: one match keeps it so, with its startsAt
                s.since = a.alert().startsAt();
            } else if (s.hits.size() < rule.count()) {
                return out;
            } else {
                s.firing = true;
                s.since = at;
            }
            s.example = cut(text, 300);
        }
        s.labels = labels(matchLabels, s.hits.size());
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations().forEach((k, t) -> annotations.put(k, Templates.render(t, matchLabels, s.hits.size())));
        annotations.putIfAbsent("summary", summary(s.example));
        if (!s.example.isEmpty()) annotations.putIfAbsent("example", s.example);
        s.annotations = annotations;
        out.add(new PostableAlert(s.labels, annotations, s.since, quietAt(s).plus(Resolution.SAFETY_MARGIN), null));
        return out;
    }

    /**
     * Without a summary of its own, the line that fired is the summary, since the wall shows the summary and
     * "matched" alone does not say what happened: {@code KernelOomKill: Out of memory: Killed process 4242 (java)},
     * {@code SshBruteForce: 5 or more matches within 1m, e.g. sshd[1]: Failed password for root from ...}.
     */
    private String summary(String example) {
        String what = rule.count() == 1
                ? "matched"
                : rule.count() + " or more matches within " + Durations.format(rule.window());
        if (example.isEmpty()) return rule.name() + ": " + what;
        return rule.name() + ": " + (rule.count() == 1 ? example : what + ", e.g. " + example);
    }

    /** At most {@code max} characters and an ellipsis, never half of a surrogate pair (the alert would be refused). */
    private static String cut(String text, int max) {
        if (text.length() <= max) return text;
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max) + "…";
    }

    /** Takes over this rule's firing alerts from before a restart: each is re-sent and resolves if it stays quiet. */
    List<PostableAlert> adopt(List<Alert> alerts, Instant now) {
        List<PostableAlert> out = new ArrayList<>();
        for (Alert a : alerts) {
            adopted.put(a.labels(), new Adopted(a, now));
            out.add(new PostableAlert(
                    a.labels(),
                    a.annotations(),
                    a.startsAt(),
                    now.plus(rule.resolveAfter()).plus(Resolution.SAFETY_MARGIN),
                    null));
        }
        return out;
    }

    /** Resolves what has been quiet for resolveAfter; forgets label sets that are quiet and not firing. */
    List<PostableAlert> tick(Instant now) {
        List<PostableAlert> out = new ArrayList<>();
        Iterator<Series> it = series.values().iterator();
        while (it.hasNext()) {
            Series s = it.next();
            if (s.firing && !now.isBefore(quietAt(s))) out.add(resolve(s, quietAt(s)));
            if (!s.firing && (s.lastMatch == null || s.lastMatch.isBefore(now.minus(rule.window())))) it.remove();
        }
        Iterator<Adopted> ad = adopted.values().iterator();
        while (ad.hasNext()) {
            Adopted a = ad.next();
            Instant quiet = a.at().plus(rule.resolveAfter());
            if (now.isBefore(quiet)) continue;
            ad.remove();
            out.add(Resolution.of(
                    a.alert().labels(),
                    a.alert().annotations(),
                    a.alert().startsAt(),
                    quiet,
                    rule.resolvedAnnotations(),
                    a.alert().labels(),
                    0,
                    null,
                    quietSummary(),
                    "no match of " + rule.pattern() + " for " + Durations.format(rule.resolveAfter())
                            + " (resolveAfter), counted from when the relay took this alert over (a restart)"));
        }
        return out;
    }

    private Instant quietAt(Series s) {
        return s.lastMatch.plus(rule.resolveAfter());
    }

    private PostableAlert resolve(Series s, Instant at) {
        s.firing = false;
        return Resolution.of(
                s.labels,
                s.annotations,
                s.since,
                at,
                rule.resolvedAnnotations(),
                s.matchLabels,
                s.hits.size(),
                null,
                quietSummary(),
                "no match of " + rule.pattern() + " for " + Durations.format(rule.resolveAfter()) + " (resolveAfter)");
    }

    private String quietSummary() {
        return rule.name() + ": resolved, no match for " + Durations.format(rule.resolveAfter());
    }

    private Map<String, String> labels(Map<String, String> matchLabels, int count) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.name());
        labels.putAll(matchLabels);
        rule.labels().forEach((k, t) -> labels.put(k, Templates.render(t, matchLabels, count)));
        labels.putIfAbsent("severity", rule.severity());
        return labels;
    }
}
