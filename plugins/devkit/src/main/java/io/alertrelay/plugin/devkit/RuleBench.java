package io.alertrelay.plugin.devkit;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.rule.RuleEngine;
import io.alertrelay.rule.RuleParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Your source's shipped rules, merged with a config as the relay merges them, run by the relay's own rule
 * engine into the relay's own alert state, on a clock you move: feed it the signals your source really
 * emits and check that each rule fires <em>and</em> clears.
 *
 * <pre>{@code
 * RuleBench bench = RuleBench.of("http-probe", new HttpProbeSource(), Map.of("targets", List.of(...)));
 * bench.feed(prober.probe());             // probe.up 0
 * bench.advance(Duration.ofMinutes(1));
 * bench.feed(prober.probe());             // still 0: ProbeDown fires
 * assertThat(bench.firing("ProbeDown")).isPresent();
 * }</pre>
 */
public final class RuleBench {

    private final String pluginId;
    private final PluginConfig config;
    private final List<RuleSpec> shipped;
    private final AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
    // starts at the real time: a source may compare its clock with the world (days left on a certificate)
    private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private RuleEngine engine;

    private RuleBench(String pluginId, PluginConfig config, List<RuleSpec> shipped) {
        this.pluginId = pluginId;
        this.config = config;
        this.shipped = shipped;
        restart();
    }

    /** The rules {@code source} ships for {@code config}, merged with {@code config}'s {@code rules:}. */
    public static RuleBench of(String pluginId, EventSource source, Map<String, ?> config) {
        PluginConfig c = new PluginConfig("plugins." + pluginId, config);
        return new RuleBench(pluginId, c, source.rules(c));
    }

    /** The bench's clock: hand it to your source (a {@code FakeSourceContext}) so its samples carry bench time. */
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return now;
    }

    /** Moves the clock on and runs the engine's tick, as the relay does every second. */
    public RuleBench advance(Duration d) {
        now = now.plus(d);
        for (Map.Entry<String, List<PostableAlert>> e : engine.tick(now).entrySet()) apply(e.getValue());
        state.tick(now);
        return this;
    }

    /** Hands signals to the rules and their alerts to the alert state. */
    public RuleBench feed(List<? extends Signal> signals) {
        for (Signal s : signals) apply(engine.evaluate(pluginId, s));
        return this;
    }

    public RuleBench feed(Signal... signals) {
        return feed(List.of(signals));
    }

    /** A relay restart: a new engine with the same rules takes over the alerts the state holds. */
    public RuleBench restart() {
        engine = new RuleEngine(
                clock,
                id -> state.alerts().stream()
                        .filter(a -> a.firing() && id.equals(a.source()))
                        .toList());
        engine.setRules(pluginId, RuleParser.merge(shipped, config));
        return this;
    }

    /** Every alert held, firing and resolved. */
    public List<Alert> alerts() {
        return new ArrayList<>(state.alerts());
    }

    /** The firing alert of that name, if any (the first, in fingerprint order). */
    public Optional<Alert> firing(String alertname) {
        return alerts().stream()
                .filter(a -> a.firing() && alertname.equals(a.labels().get("alertname")))
                .findFirst();
    }

    /** The resolved alert of that name, if any. */
    public Optional<Alert> resolved(String alertname) {
        return alerts().stream()
                .filter(a -> !a.firing() && alertname.equals(a.labels().get("alertname")))
                .findFirst();
    }

    private void apply(List<PostableAlert> alerts) {
        for (PostableAlert a : alerts) state.ingest(a, pluginId, now);
    }
}
