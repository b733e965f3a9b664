package io.alertrelay.plugin.api;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything the relay gives a running {@link EventSource}. The relay owns all of it: stopping the plugin
 * shuts the scheduler down, so a plugin that schedules its work here leaks no thread on unload.
 */
public interface SourceContext {

    /** The plugin's id, e.g. {@code host-metrics}. */
    String pluginId();

    /** The plugin's section of the relay config, {@code plugins.<id>}; empty when there is none. */
    PluginConfig config();

    /**
     * Hands a signal to the relay. Cheap and thread-safe; never blocks. Signals over the plugin's rate limit
     * are dropped and counted, and a plugin that keeps flooding is marked failed.
     */
    void emit(Signal signal);

    /** Threads for the plugin's work, named after it; shut down by the relay when the plugin stops. */
    ScheduledExecutorService scheduler();

    PluginMetrics metrics();

    PluginHealth health();

    /** The plugin's logger, named {@code plugin.<id>}. */
    System.Logger logger();

    /** The relay's clock; tests drive it. */
    Clock clock();

    /** The name of the machine the relay runs on, used as the {@code instance} label by default. */
    String hostName();
}
