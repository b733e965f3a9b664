package io.alertrelay.rule;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.AlertSignal;
import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.plugin.api.ThresholdRule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns each plugin's signals into alerts with that plugin's rules: samples go through threshold rules on
 * their metric, matches through count rules on their pattern, ready-made alerts pass as they are. A plugin's
 * signals only ever meet its own rules.
 *
 * <p>The rules own their alerts' whole life. When a plugin's rules are installed (relay start, plugin restart)
 * the firing alerts the relay holds from that plugin are taken over: each is judged again by the first sample
 * of its series (cleared, or kept firing with its startsAt), resolved as no longer reported if none comes, and
 * resolved at once if its rule is disabled. {@link #tick} resolves series that stopped reporting and count
 * alerts that went quiet.
 *
 * <p>Thread-safe: each plugin's rules are evaluated under that plugin's own lock, so a busy plugin does not
 * hold up another. The relay calls {@link #evaluate} and {@link #tick} from one thread, the one that also
 * hands their alerts to the pipeline, so what a tick resolves cannot overtake what a sample fired.
 */
public final class RuleEngine {

    /** The firing alerts the relay holds whose source is a plugin. */
    @FunctionalInterface
    public interface OwnedAlerts {
        List<Alert> firing(String pluginId);
    }

    private static final class PluginRules {
        final Map<String, List<ThresholdEvaluator>> byMetric = new HashMap<>();
        final Map<String, List<CountEvaluator>> byPattern = new HashMap<>();
        final Set<String> disabled = new HashSet<>();
        boolean adoptPending = true;
    }

    private final Map<String, PluginRules> plugins = new ConcurrentHashMap<>();
    private final Clock clock;
    private final OwnedAlerts owned;

    /** An engine that takes nothing over (tests of rules alone). */
    public RuleEngine() {
        this(Clock.systemUTC(), pluginId -> List.of());
    }

    /** @param owned read when a plugin's rules are installed, from the thread that evaluates */
    public RuleEngine(Clock clock, OwnedAlerts owned) {
        this.clock = clock;
        this.owned = owned;
    }

    /** Installs (or replaces, on restart) a plugin's rules; only enabled ones are evaluated. */
    public void setRules(String pluginId, List<RuleSpec> rules) {
        PluginRules r = new PluginRules();
        for (RuleSpec spec : rules) {
            if (!spec.enabled()) {
                r.disabled.add(spec.name());
            } else if (spec instanceof ThresholdRule t) {
                r.byMetric.computeIfAbsent(t.metric(), k -> new ArrayList<>()).add(new ThresholdEvaluator(t));
            } else if (spec instanceof CountRule c) {
                r.byPattern.computeIfAbsent(c.pattern(), k -> new ArrayList<>()).add(new CountEvaluator(c));
            }
        }
        plugins.put(pluginId, r);
    }

    public void removeRules(String pluginId) {
        plugins.remove(pluginId);
    }

    /** The alerts one signal produces (often none). */
    public List<PostableAlert> evaluate(String pluginId, Signal signal) {
        if (signal instanceof AlertSignal a) {
            return List.of(
                    new PostableAlert(a.labels(), a.annotations(), a.startsAt(), a.endsAt(), null, a.anySeverity()));
        }
        PluginRules r = plugins.get(pluginId);
        if (r == null) return List.of();
        synchronized (r) {
            List<PostableAlert> out = new ArrayList<>(adoptIfPending(pluginId, r));
            if (signal instanceof Sample s) {
                for (ThresholdEvaluator e : r.byMetric.getOrDefault(s.metric(), List.of())) {
                    out.addAll(e.evaluate(s.value(), s.labels(), s.at(), s.reason()));
                }
            } else if (signal instanceof Match m) {
                for (CountEvaluator e : r.byPattern.getOrDefault(m.pattern(), List.of())) {
                    out.addAll(e.evaluate(m.labels(), m.text(), m.at()));
                }
            }
            return out;
        }
    }

    /** {@link #tick(Instant)} at the engine's clock. */
    public Map<String, List<PostableAlert>> tick() {
        return tick(clock.instant());
    }

    /**
     * About once a second: takes over alerts for newly installed rules, resolves firing series that stopped
     * reporting and count alerts that went quiet, forgets quiet series.
     *
     * @return per plugin, the alerts to apply (resolves, and re-sends of what was taken over)
     */
    public Map<String, List<PostableAlert>> tick(Instant now) {
        Map<String, List<PostableAlert>> out = new LinkedHashMap<>();
        plugins.forEach((id, r) -> {
            synchronized (r) {
                List<PostableAlert> alerts = new ArrayList<>(adoptIfPending(id, r));
                r.byMetric.values().forEach(list -> list.forEach(e -> alerts.addAll(e.tick(now))));
                r.byPattern.values().forEach(list -> list.forEach(e -> alerts.addAll(e.tick(now))));
                if (!alerts.isEmpty()) out.put(id, alerts);
            }
        });
        return out;
    }

    private List<PostableAlert> adoptIfPending(String pluginId, PluginRules r) {
        if (!r.adoptPending) return List.of();
        r.adoptPending = false;
        Map<String, List<Alert>> byName = new HashMap<>();
        for (Alert a : owned.firing(pluginId)) {
            String name = a.labels().get("alertname");
            if (name != null)
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(a);
        }
        if (byName.isEmpty()) return List.of();
        Instant now = clock.instant();
        List<PostableAlert> out = new ArrayList<>();
        for (List<ThresholdEvaluator> list : r.byMetric.values()) {
            for (ThresholdEvaluator e : list) out.addAll(e.adopt(byName.getOrDefault(e.name(), List.of()), now));
        }
        for (List<CountEvaluator> list : r.byPattern.values()) {
            for (CountEvaluator e : list) out.addAll(e.adopt(byName.getOrDefault(e.name(), List.of()), now));
        }
        for (String name : r.disabled) {
            for (Alert a : byName.getOrDefault(name, List.of())) {
                out.add(Resolution.of(
                        a.labels(),
                        a.annotations(),
                        a.startsAt(),
                        now,
                        Map.of(),
                        a.labels(),
                        0,
                        null,
                        name + ": resolved, its rule is turned off",
                        "rule " + name + " is disabled in the config"));
            }
        }
        return out;
    }
}
