package io.alertrelay.rule;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.plugin.api.ThresholdRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each plugin's signals into alerts with that plugin's rules: samples go through threshold rules on
 * their metric, matches through count rules on their pattern, ready-made alerts pass as they are. A plugin's
 * signals only ever meet its own rules. Thread-safe: each plugin's rules are evaluated under that plugin's
 * own lock, so a busy plugin does not hold up another.
 */
public final class RuleEngine {

    private static final class PluginRules {
        final Map<String, List<ThresholdEvaluator>> byMetric = new HashMap<>();
        final Map<String, List<CountEvaluator>> byPattern = new HashMap<>();
    }

    private final Map<String, PluginRules> plugins = new ConcurrentHashMap<>();

    /** Installs (or replaces, on restart) a plugin's rules; only enabled ones are kept. */
    public void setRules(String pluginId, List<RuleSpec> rules) {
        PluginRules r = new PluginRules();
        for (RuleSpec spec : rules) {
            if (!spec.enabled()) continue;
            if (spec instanceof ThresholdRule t) {
                r.byMetric.computeIfAbsent(t.metric(), k -> new ArrayList<>()).add(new ThresholdEvaluator(t));
            } else if (spec instanceof CountRule c) {
                r.byPattern.computeIfAbsent(c.pattern(), k -> new ArrayList<>()).add(new CountEvaluator(c));
            }
        }
        plugins.put(pluginId, r);
    }

    public void removeRules(String pluginId) { plugins.remove(pluginId); }

    /** The alerts one signal produces (often none). */
    public List<PostableAlert> evaluate(String pluginId, Signal signal) {
        if (signal instanceof AlertSignal a) {
            return List.of(new PostableAlert(a.labels(), a.annotations(), a.startsAt(), a.endsAt(), null));
        }
        PluginRules r = plugins.get(pluginId);
        if (r == null) return List.of();
        synchronized (r) {
            List<PostableAlert> out = new ArrayList<>();
            if (signal instanceof Sample s) {
                for (ThresholdEvaluator e : r.byMetric.getOrDefault(s.metric(), List.of())) {
                    out.addAll(e.evaluate(s.value(), s.labels(), s.at()));
                }
            } else if (signal instanceof Match m) {
                for (CountEvaluator e : r.byPattern.getOrDefault(m.pattern(), List.of())) {
                    out.addAll(e.evaluate(m.labels(), m.text(), m.at()));
                }
            }
            return out;
        }
    }

    /** Housekeeping, about once a minute: forgets quiet series. */
    public void tick(Instant now) {
        for (PluginRules r : plugins.values()) {
            synchronized (r) {
                r.byPattern.values().forEach(list -> list.forEach(e -> e.forgetQuiet(now)));
            }
        }
    }
}
