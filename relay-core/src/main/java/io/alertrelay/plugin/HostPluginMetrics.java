package io.alertrelay.plugin;

import io.alertrelay.plugin.api.PluginMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.DoubleSupplier;

/** A plugin's metrics on the relay's registry: prefixed {@code relay.plugin.}, tagged {@code plugin=<id>}. */
final class HostPluginMetrics implements PluginMetrics {

    private final MeterRegistry registry;
    private final String pluginId;

    HostPluginMetrics(MeterRegistry registry, String pluginId) {
        this.registry = registry;
        this.pluginId = pluginId;
    }

    @Override
    public PluginMetrics.Counter counter(String name, String description, String... tags) {
        io.micrometer.core.instrument.Counter c = io.micrometer.core.instrument.Counter.builder("relay.plugin." + name).description(description)
                .tags(Tags.of(tags).and("plugin", pluginId)).register(registry);
        return c::increment;
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        Gauge.builder("relay.plugin." + name, value::getAsDouble).description(description)
                .tags(Tags.of(tags).and("plugin", pluginId)).strongReference(true).register(registry);
    }
}
