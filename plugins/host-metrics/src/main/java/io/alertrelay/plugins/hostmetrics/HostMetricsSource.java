package io.alertrelay.plugins.hostmetrics;

import io.alertrelay.plugin.api.EventSource;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginConfigException;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.SourceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * Samples the machine every {@code interval} (default 10 s) and emits host metrics; {@link DefaultRules} turn
 * them into alerts. Config keys: {@code interval}, {@code predictWindow} (history for the disk-fill forecast,
 * default 1h), {@code excludeFsTypes} (added to the built-in list of pseudo file systems), {@code rules}.
 */
@Extension
public class HostMetricsSource implements EventSource {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private volatile HostCollector collector;

    @Override
    public List<RuleSpec> rules(PluginConfig config) {
        Duration interval;
        try {
            interval = config.duration("interval", DEFAULT_INTERVAL);
        } catch (PluginConfigException e) {
            interval = DEFAULT_INTERVAL; // start() reports it with the key path
        }
        return DefaultRules.all(interval);
    }

    @Override
    public void start(SourceContext ctx) {
        PluginConfig cfg = ctx.config();
        Duration interval = cfg.duration("interval", DEFAULT_INTERVAL);
        if (interval.compareTo(Duration.ofMillis(200)) < 0) {
            throw new PluginConfigException(cfg.path() + ".interval: " + interval.toMillis()
                    + " ms is too short; use 200ms or more (10s is the default)");
        }
        Set<String> excluded = new HashSet<>(HostCollector.PSEUDO_FS);
        excluded.addAll(cfg.strings("excludeFsTypes"));
        collector = new HostCollector(
                excluded, cfg.duration("predictWindow", Duration.ofHours(1)), Path.of("/proc/vmstat"));
        var samples = ctx.metrics().counter("host.samples", "Host metric samples taken");
        ctx.scheduler()
                .scheduleAtFixedRate(
                        () -> {
                            List<Sample> out = collector.collect(ctx.clock().instant());
                            out.forEach(ctx::emit);
                            samples.increment(out.size());
                        },
                        0,
                        interval.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        collector = null;
    }
}
