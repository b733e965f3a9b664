package io.alertrelay.rule;

import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Durations;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Refuses a rule that cannot work as written, before it runs: above all a threshold rule whose alert could
 * never clear. Each message names where the rule came from, the rule, what is wrong and a fix that fits the
 * rule's own direction.
 */
final class RuleChecks {

    private RuleChecks() {}

    /** Checks one rule; returns it unchanged. */
    static <R extends RuleSpec> R check(R r, String where) {
        String at = where + ": rule " + r.name() + ": ";
        if (!r.name().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new RuleException(
                    at + "the name becomes the alertname label, so it must match" + " [a-zA-Z_][a-zA-Z0-9_]*");
        }
        if (r instanceof ThresholdRule t) threshold(t, at);
        if (r instanceof CountRule c) count(c, at);
        for (Map<String, String> m : List.of(r.labels(), r.annotations(), resolved(r))) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                String p = Templates.problem(e.getValue());
                if (p != null) throw new RuleException(at + e.getKey() + ": " + p);
            }
        }
        return r;
    }

    private static Map<String, String> resolved(RuleSpec r) {
        if (r instanceof ThresholdRule t) return t.resolvedAnnotations();
        return ((CountRule) r).resolvedAnnotations();
    }

    private static void threshold(ThresholdRule t, String at) {
        boolean above = t.direction() == Direction.ABOVE;
        String way = above ? "above" : "below";
        if (t.warning() == null && t.critical() == null) throw new RuleException(at + "set warning, critical, or both");
        finite(at, "warning", t.warning());
        finite(at, "critical", t.critical());
        finite(at, "clear", t.clear());
        if (t.warning() != null
                && t.critical() != null
                && (above ? t.critical() < t.warning() : t.critical() > t.warning())) {
            throw new RuleException(at + "it fires " + way + " its levels, so critical (" + num(t.critical())
                    + ") must be " + (above ? "at or above" : "at or below") + " warning (" + num(t.warning()) + "); "
                    + (above ? "e.g. warning 0.85, critical 0.95" : "e.g. warning 0.10, critical 0.05"));
        }
        double raise = t.raiseLevel();
        if (above ? t.clear() > raise : t.clear() < raise) {
            throw new RuleException(at + "it fires at " + num(raise) + " or " + (above ? "more" : "less")
                    + " (direction " + way + "), so clear must be at or " + (above ? "below " : "above ") + num(raise)
                    + " or the alert can never clear; clear is " + num(t.clear()) + ". Fix: set clear to "
                    + num(raise) + " or " + (above ? "less" : "more") + " ("
                    + (above
                            ? "e.g. warning 0.85, clear 0.80: fires at 0.85 or more, clears at 0.80 or less"
                            : "e.g. warning 0.10, clear 0.15: fires at 0.10 or less, clears at 0.15 or more")
                    + "), or leave clear out of an override to keep the shipped gap");
        }
        if (t.forDuration().isNegative()) throw new RuleException(at + "for must not be negative");
        if (t.staleAfter() != null
                && (t.staleAfter().isNegative() || t.staleAfter().isZero())) {
            throw new RuleException(at + "staleAfter must be positive, e.g. staleAfter: 5m");
        }
    }

    private static void count(CountRule c, String at) {
        if (c.count() < 1) throw new RuleException(at + "count must be at least 1");
        if (c.count() > 1 && c.window().isZero()) {
            throw new RuleException(at + "count " + c.count() + " needs a window, e.g. window: 1m");
        }
        if (c.resolveAfter().isZero() || c.resolveAfter().isNegative()) {
            throw new RuleException(at + "resolveAfter must be positive, e.g. resolveAfter: "
                    + Durations.format(Duration.ofMinutes(10)));
        }
    }

    private static void finite(String at, String key, Double v) {
        if (v != null && (v.isNaN() || v.isInfinite())) {
            throw new RuleException(at + key + " is " + v + ": a level must be a finite number, or the alert"
                    + " could never " + ("clear".equals(key) ? "clear" : "be judged"));
        }
    }

    static String num(double v) {
        return Templates.formatValue(v, null);
    }
}
