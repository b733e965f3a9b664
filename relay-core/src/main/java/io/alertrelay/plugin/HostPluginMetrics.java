package io.alertrelay.plugin;

import io.alertrelay.plugin.api.PluginMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/** A plugin's metrics on the relay's registry: prefixed {@code relay.plugin.}, tagged {@code plugin=<id>}. */
final class HostPluginMetrics implements PluginMetrics {

    private final MeterRegistry registry;
    private final String pluginId;
    private final Map<String, AtomicReference<DoubleSupplier>> gaugeSources;

    /**
     * @param gaugeSources kept by the host across plugin restarts: a gauge is registered once, and a restarted
     *                     plugin's new value source replaces the stopped one's instead of being ignored
     */
    HostPluginMetrics(
            MeterRegistry registry, String pluginId, Map<String, AtomicReference<DoubleSupplier>> gaugeSources) {
        this.registry = registry;
        this.pluginId = pluginId;
        this.gaugeSources = gaugeSources;
    }

    @Override
    public PluginMetrics.Counter counter(String name, String description, String... tags) {
        io.micrometer.core.instrument.Counter c = io.micrometer.core.instrument.Counter.builder("relay.plugin." + name)
                .description(description)
                .tags(Tags.of(tags).and("plugin", pluginId))
                .register(registry);
        return c::increment;
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        Tags all = Tags.of(tags).and("plugin", pluginId);
        AtomicReference<DoubleSupplier> source = gaugeSources.computeIfAbsent(name + all, k -> {
            AtomicReference<DoubleSupplier> ref = new AtomicReference<>(value);
            Gauge.builder("relay.plugin." + name, ref, r -> r.get().getAsDouble())
                    .description(description)
                    .tags(all)
                    .strongReference(true)
                    .register(registry);
            return ref;
        });
        source.set(value);
    }
}
