package io.alertrelay.rule;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.Durations;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One threshold rule over every series of its metric; docs/plugin-guide.md#rules is the model this follows.
 * Per series: ok, pending (at a level, waiting out {@code for}), or firing at a level. A firing series clears
 * on the first sample at or past {@code clear}; between the raise level and {@code clear} it stays as it is.
 * It escalates at once when the value reaches {@code critical}, and de-escalates to warning once the value is
 * back from {@code critical} by the rule's hysteresis gap (a level is a label, so either is a new alert and the
 * old one resolves). NaN samples count as no sample. A firing series without a sample for its stale period
 * resolves as no longer reported. Not thread-safe: {@link RuleEngine} serialises calls per plugin.
 */
final class ThresholdEvaluator {

    enum Level {
        NONE,
        WARNING,
        CRITICAL
    }

    static final Duration MIN_STALE = Duration.ofMinutes(1);
    static final Duration UNKNOWN_INTERVAL_STALE = Duration.ofMinutes(5);

    private static final class Series {
        Map<String, String> sampleLabels;
        Instant pendingSince;
        Level firing = Level.NONE;
        Map<String, String> firingLabels;
        Map<String, String> firingAnnotations;
        Instant firingSince;
        Instant lastSeen;
        Duration interval;
        double lastValue;
        String lastReason;
    }

    /** A firing alert of this rule the relay held when the rule was installed (a restart): not yet re-judged. */
    private record Adopted(Alert alert, Level level, Instant at) {}

    private final ThresholdRule rule;
    private final boolean above;
    private final double gap;
    private final Map<Map<String, String>, Series> series = new HashMap<>();
    private final Map<Map<String, String>, Adopted> adopted = new LinkedHashMap<>();

    ThresholdEvaluator(ThresholdRule rule) {
        this.rule = rule;
        this.above = rule.direction() == Direction.ABOVE;
        this.gap = Math.abs(rule.raiseLevel() - rule.clear());
    }

    String name() {
        return rule.name();
    }

    /** What this sample changes; a firing alert is re-sent on every sample, as Prometheus does. */
    List<PostableAlert> evaluate(double value, Map<String, String> labels, Instant at) {
        return evaluate(value, labels, at, null);
    }

    /** @param reason the sample's reason ({@code {{ $reason }}} in the rule's templates), or null */
    List<PostableAlert> evaluate(double value, Map<String, String> labels, Instant at, String reason) {
        if (Double.isNaN(value)) return List.of(); // no value: neither fires, clears, nor keeps the series alive
        Series s = series.get(labels);
        if (s == null) {
            s = new Series();
            s.sampleLabels = labels;
            series.put(labels, s);
            claimAdopted(s, value, at);
        }
        if (s.lastSeen != null && at.isAfter(s.lastSeen)) s.interval = Duration.between(s.lastSeen, at);
        s.lastSeen = at;
        s.lastValue = value;
        s.lastReason = reason;
        Level level = levelOf(value);
        List<PostableAlert> out = new ArrayList<>(2);
        if (s.firing == Level.NONE) {
            if (level == Level.NONE) {
                s.pendingSince = null;
            } else {
                if (s.pendingSince == null) s.pendingSince = at;
                if (!at.isBefore(s.pendingSince.plus(rule.forDuration()))) {
                    out.add(fire(s, level, value, s.pendingSince, at));
                }
            }
        } else if (level == Level.NONE && cleared(value)) {
            out.add(resolve(
                    s,
                    at,
                    value,
                    rule.name() + ": resolved at value " + Templates.formatValue(value, null),
                    rule.metric() + " is " + Templates.formatValue(value, null) + ", at or "
                            + (above ? "below" : "above") + " the clear level "
                            + Templates.formatValue(rule.clear(), null)));
        } else if (level.ordinal() > s.firing.ordinal()) {
            out.add(resolve(
                    s,
                    at,
                    value,
                    rule.name() + ": replaced by its " + name(level) + " alert",
                    "escalated to " + name(level) + " at value " + Templates.formatValue(value, null)));
            out.add(fire(s, level, value, at, at));
        } else if (s.firing == Level.CRITICAL
                && rule.warning() != null
                && level != Level.CRITICAL
                && backFromCritical(value)) {
            out.add(resolve(
                    s,
                    at,
                    value,
                    rule.name() + ": replaced by its warning alert",
                    "de-escalated to warning at value " + Templates.formatValue(value, null)));
            out.add(fire(s, Level.WARNING, value, at, at));
        } else {
            out.add(fire(s, s.firing, value, s.firingSince, at)); // the same level, or inside the hysteresis band
        }
        return out;
    }

    /**
     * Takes over the firing alerts of this rule the relay held when the rule was installed. Each is re-sent as it
     * is (so the alert state does not time it out first) and is judged by the first sample of its series.
     */
    List<PostableAlert> adopt(List<Alert> alerts, Instant now) {
        List<PostableAlert> out = new ArrayList<>();
        for (Alert a : alerts) {
            Level level = "critical".equals(a.labels().get("severity")) ? Level.CRITICAL : Level.WARNING;
            Map<String, String> id = Resolution.identity(a.labels());
            if (series.values().stream()
                    .anyMatch(s -> s.firingLabels != null
                            && Resolution.identity(s.firingLabels).equals(id))) {
                continue; // already judged by a sample
            }
            adopted.put(id, new Adopted(a, level, now));
            out.add(new PostableAlert(
                    a.labels(),
                    a.annotations(),
                    a.startsAt(),
                    now.plus(staleAfter(null)).plus(Resolution.SAFETY_MARGIN),
                    null));
        }
        return out;
    }

    /** Resolves firing series (and adopted alerts) that went quiet; forgets quiet series that are not firing. */
    List<PostableAlert> tick(Instant now) {
        List<PostableAlert> out = new ArrayList<>();
        Iterator<Series> it = series.values().iterator();
        while (it.hasNext()) {
            Series s = it.next();
            Duration after = staleAfter(s);
            if (now.isBefore(s.lastSeen.plus(after))) continue;
            if (s.firing != Level.NONE) {
                out.add(resolve(
                        s,
                        now,
                        s.lastValue,
                        rule.name() + ": resolved, " + rule.metric() + " is no longer reported",
                        "no sample of " + rule.metric() + " for " + Durations.format(after)
                                + ": its source stopped reporting this series"));
            }
            it.remove();
        }
        Iterator<Adopted> ad = adopted.values().iterator();
        while (ad.hasNext()) {
            Adopted a = ad.next();
            Duration after = staleAfter(null);
            if (now.isBefore(a.at().plus(after))) continue;
            ad.remove();
            out.add(Resolution.of(
                    a.alert().labels(),
                    a.alert().annotations(),
                    a.alert().startsAt(),
                    now,
                    rule.resolvedAnnotations(),
                    a.alert().labels(),
                    Double.NaN,
                    null,
                    rule.name() + ": resolved, " + rule.metric() + " is no longer reported",
                    "no sample of " + rule.metric() + " for " + Durations.format(after)
                            + " since the relay took this alert over (a restart): its source no longer reports it"));
        }
        return out;
    }

    /** A new series may be one the relay already had an alert for, from before a restart: it takes it over. */
    private void claimAdopted(Series s, double value, Instant at) {
        if (adopted.isEmpty()) return;
        Adopted a = adopted.remove(Resolution.identity(alertLabels(s.sampleLabels, value, Level.WARNING)));
        if (a == null) return;
        s.firing = a.level();
        s.firingLabels = a.alert().labels();
        s.firingAnnotations = a.alert().annotations();
        s.firingSince = a.alert().startsAt();
    }

    private Level levelOf(double v) {
        if (rule.critical() != null && reached(v, rule.critical())) return Level.CRITICAL;
        if (rule.warning() != null && reached(v, rule.warning())) return Level.WARNING;
        return Level.NONE;
    }

    private boolean reached(double v, double level) {
        return above ? v >= level : v <= level;
    }

    /** Inclusive: a value at {@code clear} clears. */
    private boolean cleared(double v) {
        return above ? v <= rule.clear() : v >= rule.clear();
    }

    /** Back from the critical level by the rule's hysteresis gap, so a value at the critical line does not flap. */
    private boolean backFromCritical(double v) {
        return above ? v <= rule.critical() - gap : v >= rule.critical() + gap;
    }

    /** The rule's own period, else three intervals of the series (at least a minute), else five minutes. */
    private Duration staleAfter(Series s) {
        if (rule.staleAfter() != null) return rule.staleAfter();
        if (s == null || s.interval == null) return UNKNOWN_INTERVAL_STALE;
        Duration three = s.interval.multipliedBy(3);
        return three.compareTo(MIN_STALE) < 0 ? MIN_STALE : three;
    }

    private Map<String, String> alertLabels(Map<String, String> sampleLabels, double value, Level level) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.name());
        labels.putAll(sampleLabels);
        rule.labels().forEach((k, t) -> labels.put(k, Templates.render(t, sampleLabels, value)));
        labels.put("severity", name(level));
        return labels;
    }

    private PostableAlert fire(Series s, Level level, double value, Instant since, Instant at) {
        Map<String, String> labels = alertLabels(s.sampleLabels, value, level);
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations()
                .forEach((k, t) -> annotations.put(k, Templates.render(t, s.sampleLabels, value, s.lastReason)));
        annotations.putIfAbsent(
                "summary",
                rule.name() + ": " + rule.metric() + " is "
                        + Templates.formatValue(value, null) + " " + (above ? "≥" : "≤") + " "
                        + Templates.formatValue(level == Level.CRITICAL ? rule.critical() : rule.raiseLevel(), null));
        s.pendingSince = null;
        s.firing = level;
        s.firingLabels = labels;
        s.firingAnnotations = annotations;
        s.firingSince = since;
        Instant safetyEnd = at.plus(staleAfter(s)).plus(Resolution.SAFETY_MARGIN);
        return new PostableAlert(labels, annotations, since, safetyEnd, null);
    }

    private PostableAlert resolve(Series s, Instant at, double value, String summary, String reason) {
        PostableAlert a = Resolution.of(
                s.firingLabels,
                s.firingAnnotations,
                s.firingSince,
                at,
                rule.resolvedAnnotations(),
                s.sampleLabels,
                value,
                s.lastReason,
                summary,
                reason);
        s.firing = Level.NONE;
        s.pendingSince = null;
        s.firingLabels = null;
        s.firingAnnotations = null;
        s.firingSince = null;
        return a;
    }

    private static String name(Level level) {
        return level.name().toLowerCase(Locale.ROOT);
    }
}
