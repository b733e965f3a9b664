package io.alertrelay.plugin;

import io.alertrelay.logging.LogText;
import io.alertrelay.plugin.api.PluginConfig;
import io.alertrelay.plugin.api.PluginHealth;
import io.alertrelay.plugin.api.PluginMetrics;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.Signal;
import io.alertrelay.plugin.api.SourceContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's side of {@link SourceContext} for one running plugin. */
final class HostSourceContext implements SourceContext {

    private final RunningPlugin plugin;
    private final PluginConfig config;
    private final ScheduledExecutorService scheduler;
    private final PluginRuntime rt;
    private final PluginMetrics metrics;
    private final Logger slf4j;

    HostSourceContext(RunningPlugin plugin, PluginConfig config, ScheduledExecutorService scheduler, PluginRuntime rt) {
        this.plugin = plugin;
        this.config = config;
        this.scheduler = scheduler;
        this.rt = rt;
        this.metrics = new HostPluginMetrics(rt.registry(), plugin.id, rt.gaugeSources());
        this.slf4j = LoggerFactory.getLogger("plugin." + plugin.id);
    }

    @Override
    public String pluginId() {
        return plugin.id;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public void emit(Signal signal) {
        if (signal instanceof Sample s && !s.labels().containsKey("instance")) {
            Map<String, String> labels = new LinkedHashMap<>(s.labels());
            labels.put("instance", rt.hostName());
            signal = new Sample(s.metric(), s.value(), labels, s.at(), s.reason());
        }
        plugin.emit(signal);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public PluginMetrics metrics() {
        return metrics;
    }

    @Override
    public PluginHealth health() {
        return new PluginHealth() {
            @Override
            public void problem(String key, String message) {
                String before = plugin.problems.put(key, message);
                if (message.equals(before) || !plugin.live()) return;
                slf4j.warn("{}: {}", LogText.quote(key), LogText.quote(message));
                rt.alerts().problem(plugin.id, key, message);
            }

            @Override
            public void resolved(String key) {
                if (plugin.problems.remove(key) == null || !plugin.live()) return;
                slf4j.info("{}: resolved", LogText.quote(key));
                rt.alerts().problemResolved(plugin.id, key);
            }
        };
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("plugin." + plugin.id);
    }

    @Override
    public Clock clock() {
        return rt.clock();
    }

    @Override
    public String hostName() {
        return rt.hostName();
    }
}
