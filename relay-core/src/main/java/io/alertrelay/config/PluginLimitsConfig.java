package io.alertrelay.config;

import java.time.Duration;

/**
 * What each plugin may use before the relay steps in ({@code plugins.startTimeout}, {@code plugins.taskTimeout},
 * {@code plugins.threads}, {@code plugins.signalsPerSecond}); the same for every plugin.
 *
 * @param startTimeout     how long a source's {@code start} may take before the plugin is failed
 * @param taskTimeout      how long one task on a plugin's scheduler may run before the plugin counts as blocked
 *                         and is failed (split work into one task per target)
 * @param threads          the threads of each plugin's scheduler
 * @param signalsPerSecond each plugin's emit budget; more is dropped and counted, and a plugin that drops a
 *                         second's worth within 10 s is failed
 */
public record PluginLimitsConfig(Duration startTimeout, Duration taskTimeout, int threads, int signalsPerSecond) {

    public static final PluginLimitsConfig DEFAULT =
            new PluginLimitsConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), 2, 5_000);
}
