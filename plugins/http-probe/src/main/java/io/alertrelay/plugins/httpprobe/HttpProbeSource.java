package io.alertrelay.plugins.httpprobe;

import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.SourceContext;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * Probes every configured URL on its own interval:
 * <pre>
 * plugins:
 *   http-probe:
 *     targets:
 *       - {name: shop, url: https://shop.example.com/health, interval: 30s, timeout: 5s, expect: 2xx}
 * </pre>
 */
@Extension
public class HttpProbeSource implements EventSource {

    /**
     * ProbeDown fires on a failed probe (0) held for a minute and clears on the first good one (1: clear is
     * inclusive). A series goes stale after three of the longest interval of the targets, so a removed target's
     * alerts resolve as no longer reported.
     */
    @Override
    public List<RuleSpec> rules(PluginConfig config) {
        Duration stale = staleAfter(config);
        return List.of(
                new ThresholdRule(
                                "ProbeDown",
                                "probe.up",
                                Direction.BELOW,
                                null,
                                0.0,
                                1.0,
                                Duration.ofMinutes(1),
                                Map.of(),
                                Map.of("summary", "{{ $labels.url }} is down"),
                                true)
                        .withResolvedAnnotations(Map.of("summary", "{{ $labels.url }} is up again"))
                        .withStaleAfter(stale),
                new ThresholdRule(
                                "ProbeSlow",
                                "probe.duration.seconds",
                                Direction.ABOVE,
                                2.0,
                                null,
                                1.5,
                                Duration.ofMinutes(5),
                                Map.of(),
                                Map.of("summary", "{{ $labels.url }} takes {{ $value }} s to answer"),
                                true)
                        .withResolvedAnnotations(Map.of("summary", "{{ $labels.url }} answers in {{ $value }} s again"))
                        .withStaleAfter(stale),
                new ThresholdRule(
                                "TlsCertExpiringSoon",
                                "tls.cert.days.left",
                                Direction.BELOW,
                                14.0,
                                3.0,
                                21.0,
                                Duration.ZERO,
                                Map.of(),
                                Map.of(
                                        "summary",
                                        "The TLS certificate of {{ $labels.url }} expires in {{ $value }} days"),
                                true)
                        .withResolvedAnnotations(Map.of(
                                "summary", "The TLS certificate of {{ $labels.url }} has {{ $value }} days left"))
                        .withStaleAfter(stale));
    }

    /** Three times the longest target interval, at least a minute; a bad interval is start()'s to report. */
    static Duration staleAfter(PluginConfig config) {
        Duration longest = Target.DEFAULT_INTERVAL;
        for (PluginConfig c : config.sections("targets")) {
            try {
                Duration d = c.duration("interval", Target.DEFAULT_INTERVAL);
                if (d.compareTo(longest) > 0) longest = d;
            } catch (PluginConfigException e) {
                // start() reports it with the key path
            }
        }
        Duration three = longest.multipliedBy(3);
        return three.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : three;
    }

    @Override
    public void start(SourceContext ctx) {
        List<PluginConfig> entries = ctx.config().sections("targets");
        if (entries.isEmpty()) {
            ctx.logger()
                    .log(
                            System.Logger.Level.INFO,
                            "no targets under " + ctx.config().path() + ".targets: nothing to probe");
        }
        Set<String> names = new HashSet<>();
        for (PluginConfig c : entries) {
            Target t = Target.from(c);
            if (!names.add(t.name()))
                throw new PluginConfigException(c.path() + ".name: " + t.name() + " is used twice");
            Prober prober = new Prober(t, ctx.clock());
            var probes = ctx.metrics().counter("probes", "HTTP probes run", "target", t.name());
            ctx.scheduler()
                    .scheduleWithFixedDelay(
                            () -> {
                                prober.probe().forEach(ctx::emit);
                                probes.increment();
                            },
                            0,
                            t.interval().toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        // every task runs on the relay's scheduler for this plugin, which the relay shuts down
    }
}
