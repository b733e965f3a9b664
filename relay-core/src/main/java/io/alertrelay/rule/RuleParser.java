package io.alertrelay.rule;

import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code plugins.<id>.rules} and merges it over the rules the plugin ships: a config rule with a
 * shipped rule's name overrides the keys it sets ({@code enabled: false} turns the rule off); any other
 * config rule must be complete. An override that moves the raise level and sets no clear moves clear with it.
 * Every rule is checked ({@link RuleChecks}); a problem names the rule and what to change.
 */
public final class RuleParser {

    private static final Set<String> THRESHOLD_KEYS = Set.of(
            "name",
            "metric",
            "direction",
            "warning",
            "critical",
            "clear",
            "for",
            "staleAfter",
            "labels",
            "annotations",
            "resolvedAnnotations",
            "enabled");
    private static final Set<String> COUNT_KEYS = Set.of(
            "name",
            "pattern",
            "count",
            "window",
            "threshold",
            "resolveAfter",
            "severity",
            "labels",
            "annotations",
            "resolvedAnnotations",
            "enabled");

    private RuleParser() {}

    public static List<RuleSpec> merge(List<RuleSpec> shipped, PluginConfig pluginConfig) {
        Map<String, RuleSpec> byName = new LinkedHashMap<>();
        for (RuleSpec r : shipped) {
            byName.put(r.name(), RuleChecks.check(r, pluginConfig.path() + " (shipped rule " + r.name() + ")"));
        }
        for (PluginConfig c : pluginConfig.sections("rules")) {
            String name = c.string("name", null);
            if (name == null || name.isBlank()) throw new RuleException(c.path() + ": a rule needs a name");
            RuleSpec base = byName.get(name);
            RuleSpec merged;
            try {
                merged = base instanceof CountRule cr
                        ? count(c, cr)
                        : base instanceof ThresholdRule tr
                                ? threshold(c, tr)
                                : c.has("pattern") ? count(c, null) : threshold(c, null);
            } catch (PluginConfigException e) {
                throw new RuleException("rule " + name + ": " + e.getMessage());
            }
            byName.put(name, RuleChecks.check(merged, c.path()));
        }
        return new ArrayList<>(byName.values());
    }

    private static ThresholdRule threshold(PluginConfig c, ThresholdRule base) {
        unknownKeys(c, THRESHOLD_KEYS);
        String metric = c.string("metric", base == null ? null : base.metric());
        if (metric == null) throw new RuleException(c.path() + " (rule " + c.string("name") + "): metric is required");
        Direction dir = switch (c.string(
                "direction", base == null ? "above" : base.direction().name().toLowerCase())) {
            case "above" -> Direction.ABOVE;
            case "below" -> Direction.BELOW;
            default -> throw new RuleException(c.path() + ".direction: use above or below");
        };
        Double warning = c.has("warning") ? (Double) c.number("warning", 0) : base == null ? null : base.warning();
        Double critical = c.has("critical") ? (Double) c.number("critical", 0) : base == null ? null : base.critical();
        if (warning == null && critical == null) {
            throw new RuleException(c.path() + ": rule " + c.string("name") + ": set warning, critical, or both");
        }
        double raise = warning != null ? warning : critical;
        double clear = c.has("clear") ? c.number("clear", raise) : movedClear(base, dir, raise);
        return new ThresholdRule(
                c.string("name"),
                metric,
                dir,
                warning,
                critical,
                clear,
                c.duration("for", base == null ? null : base.forDuration()),
                mergeMaps(base == null ? Map.of() : base.labels(), c.stringMap("labels")),
                mergeMaps(base == null ? Map.of() : base.annotations(), c.stringMap("annotations")),
                c.bool("enabled", base == null || base.enabled()),
                mergeMaps(base == null ? Map.of() : base.resolvedAnnotations(), c.stringMap("resolvedAnnotations")),
                c.duration("staleAfter", base == null ? null : base.staleAfter()));
    }

    /**
     * Without a clear of its own, an override that moves the raise level moves clear with it, keeping the shipped
     * rule's hysteresis gap ({@code warning: 30} on "warning 14, clear 21, below" clears at 37); a rule written
     * from scratch clears where it raises (no band).
     */
    private static double movedClear(ThresholdRule base, Direction dir, double raise) {
        if (base == null) return raise;
        double gap = Math.abs(base.clear() - base.raiseLevel());
        return dir == Direction.ABOVE ? raise - gap : raise + gap;
    }

    private static CountRule count(PluginConfig c, CountRule base) {
        unknownKeys(c, COUNT_KEYS);
        PluginConfig threshold = c.section("threshold");
        int count = threshold.integer("count", c.integer("count", base == null ? 1 : base.count()));
        return new CountRule(
                c.string("name"),
                c.string("pattern", base == null ? c.string("name") : base.pattern()),
                count,
                threshold.duration("window", c.duration("window", base == null ? null : base.window())),
                c.duration("resolveAfter", base == null ? null : base.resolveAfter()),
                c.string("severity", base == null ? null : base.severity()),
                mergeMaps(base == null ? Map.of() : base.labels(), c.stringMap("labels")),
                mergeMaps(base == null ? Map.of() : base.annotations(), c.stringMap("annotations")),
                c.bool("enabled", base == null || base.enabled()),
                mergeMaps(base == null ? Map.of() : base.resolvedAnnotations(), c.stringMap("resolvedAnnotations")));
    }

    private static void unknownKeys(PluginConfig c, Set<String> known) {
        for (String k : c.keys()) {
            if (!known.contains(k)) {
                throw new RuleException(
                        c.path() + " (rule " + c.string("name", "?") + "): unknown key " + k + "; known keys are "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static Map<String, String> mergeMaps(Map<String, String> base, Map<String, String> over) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.putAll(over);
        return m;
    }
}
