package io.alertrelay.rule;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One threshold rule over every series of its metric. Per series: inactive, pending (over the raise level,
 * waiting out {@code for}), or firing at a level. A firing series stays firing until the value comes back
 * past {@code clear}, so a value sitting at the line does not flap; its severity follows the highest level
 * crossed, which replaces the alert (severity is a label, so a new level is a new alert).
 */
final class ThresholdEvaluator {

    enum Level { NONE, WARNING, CRITICAL }

    private static final class Series {
        Instant pendingSince;
        Level firing = Level.NONE;
        Map<String, String> firingLabels;
        Map<String, String> firingAnnotations;
        Instant firingSince;
    }

    private final ThresholdRule rule;
    private final Map<Map<String, String>, Series> series = new HashMap<>();

    ThresholdEvaluator(ThresholdRule rule) {
        this.rule = rule;
    }

    String metric() { return rule.metric(); }

    /** What this sample changes; firing alerts are re-sent on every sample, as Prometheus does. */
    List<PostableAlert> evaluate(double value, Map<String, String> labels, Instant at) {
        Series s = series.computeIfAbsent(labels, k -> new Series());
        Level level = levelOf(value);
        List<PostableAlert> out = new ArrayList<>(2);
        if (level != Level.NONE) {
            if (s.firing == Level.NONE) {
                if (s.pendingSince == null) s.pendingSince = at;
                if (!at.isBefore(s.pendingSince.plus(rule.forDuration()))) out.add(fire(s, level, labels, value, s.pendingSince));
            } else if (level.ordinal() > s.firing.ordinal()) {
                out.add(resolve(s, at));
                out.add(fire(s, level, labels, value, at));
            } else {
                out.add(fire(s, s.firing, labels, value, s.firingSince));
            }
        } else {
            s.pendingSince = null;
            if (s.firing != Level.NONE) {
                if (pastClear(value)) {
                    out.add(resolve(s, at));
                } else {
                    out.add(fire(s, s.firing, labels, value, s.firingSince)); // inside the hysteresis band
                }
            }
        }
        return out;
    }

    private Level levelOf(double v) {
        if (rule.critical() != null && beyond(v, rule.critical())) return Level.CRITICAL;
        if (rule.warning() != null && beyond(v, rule.warning())) return Level.WARNING;
        return Level.NONE;
    }

    private boolean beyond(double v, double level) {
        return rule.direction() == Direction.ABOVE ? v >= level : v <= level;
    }

    private boolean pastClear(double v) {
        return rule.direction() == Direction.ABOVE ? v < rule.clear() : v > rule.clear();
    }

    private PostableAlert fire(Series s, Level level, Map<String, String> sampleLabels, double value, Instant since) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.name());
        labels.putAll(sampleLabels);
        rule.labels().forEach((k, t) -> labels.put(k, Templates.render(t, sampleLabels, value)));
        labels.put("severity", level.name().toLowerCase(java.util.Locale.ROOT));
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations().forEach((k, t) -> annotations.put(k, Templates.render(t, sampleLabels, value)));
        annotations.putIfAbsent("summary", rule.name() + ": " + rule.metric() + " is "
                + Templates.formatValue(value, null) + " " + (rule.direction() == Direction.ABOVE ? "≥" : "≤") + " "
                + Templates.formatValue(level == Level.CRITICAL ? rule.critical() : rule.raiseLevel(), null));
        s.firing = level;
        s.firingLabels = labels;
        s.firingAnnotations = annotations;
        s.firingSince = since;
        return new PostableAlert(labels, annotations, since, null, null);
    }

    private PostableAlert resolve(Series s, Instant at) {
        PostableAlert a = new PostableAlert(s.firingLabels, s.firingAnnotations, s.firingSince, at, null);
        s.firing = Level.NONE;
        s.firingLabels = null;
        s.firingAnnotations = null;
        s.firingSince = null;
        return a;
    }
}
