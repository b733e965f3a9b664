package io.alertrelay.plugin;

import io.alertrelay.pipeline.AlertPipeline;
import io.alertrelay.rule.RuleEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Builds the plugin host with its rule engine and signal dispatcher: the one call the wiring makes. */
public final class PluginSystem {

    private PluginSystem() {}

    public static PluginHost create(
            List<Path> roots,
            AlertPipeline pipeline,
            MeterRegistry registry,
            Clock clock,
            String hostName,
            Function<String, Map<String, Object>> config,
            PluginLimits limits) {
        // the rules take over, at each (re)start of a plugin, the firing alerts the relay holds from it; in a
        // cluster every node runs its own plugins, so a node takes over only what its own samples made
        boolean cluster = pipeline.clustered();
        RuleEngine rules = new RuleEngine(
                clock,
                id -> pipeline.alerts().stream()
                        .filter(a -> a.firing() && id.equals(a.source()))
                        .filter(a -> !cluster || hostName.equals(a.labels().get("instance")))
                        .toList());
        // the dispatcher counts a bad alert against the plugin that made it, if it still runs
        Map<String, RunningPlugin> running = new ConcurrentHashMap<>();
        SignalDispatcher dispatcher = new SignalDispatcher(100_000, rules, pipeline, (plugin, problem) -> {
            RunningPlugin p = running.get(plugin);
            if (p != null) p.recordError(problem, null);
        });
        PluginRuntime rt = new PluginRuntime(
                dispatcher,
                rules,
                registry,
                clock,
                hostName,
                config,
                limits,
                new ConcurrentHashMap<>(),
                new PluginAlerts(pipeline, dispatcher, hostName, clock),
                new StuckThreads());
        PluginHost host = new PluginHost(roots, rt, running);
        bindMetrics(host, registry);
        return host;
    }

    private static void bindMetrics(PluginHost host, MeterRegistry registry) {
        host.onPluginAdded(id -> {
            FunctionCounter.builder("relay.plugin.errors", host, h -> h.count(id, c -> c.errors.get()))
                    .tag("plugin", id)
                    .description("Plugin failures: throws, blocks, floods, bad config, bad alerts")
                    .register(registry);
            FunctionCounter.builder("relay.plugin.signals", host, h -> h.count(id, c -> c.signals.get()))
                    .tag("plugin", id)
                    .description("Signals a plugin emitted that went on to the rules")
                    .register(registry);
            FunctionCounter.builder("relay.plugin.signals.dropped", host, h -> h.count(id, c -> c.dropped.get()))
                    .tag("plugin", id)
                    .description("Signals dropped: over the plugin's budget or a full queue")
                    .register(registry);
            Gauge.builder("relay.plugin.up", host, h -> h.running(id) ? 1 : 0)
                    .tag("plugin", id)
                    .description("1 while the plugin runs, 0 when it failed or stopped")
                    .register(registry);
            Gauge.builder("relay.plugin.stuck.threads", host, h -> h.stuckThreads(id))
                    .tag("plugin", id)
                    .description("Threads of stopped instances of the plugin still running a task"
                            + " (it ignores interrupts); while there are any, restarting it is refused")
                    .register(registry);
        });
    }
}
