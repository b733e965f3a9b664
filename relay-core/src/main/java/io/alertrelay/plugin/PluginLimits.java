package io.alertrelay.plugin;

import io.alertrelay.config.PluginLimitsConfig;
import java.time.Duration;

/**
 * How much a plugin is trusted before the host steps in.
 *
 * @param startTimeout     how long {@code EventSource.start} may take before the plugin is failed
 * @param blockedAfter     how long one task may run before the plugin counts as blocked and is failed
 * @param threads          the threads of each plugin's scheduler
 * @param signalsPerSecond a plugin's emit budget; more is dropped, and a second's worth dropped within 10 s fails it
 * @param pollEvery        how often the host checks for blocked plugins and new plugin files
 */
public record PluginLimits(
        Duration startTimeout, Duration blockedAfter, int threads, int signalsPerSecond, Duration pollEvery) {

    public static final PluginLimits DEFAULT = of(PluginLimitsConfig.DEFAULT);

    /** The configured limits ({@code plugins.*}), checked every five seconds. */
    public static PluginLimits of(PluginLimitsConfig c) {
        return new PluginLimits(
                c.startTimeout(), c.taskTimeout(), c.threads(), c.signalsPerSecond(), Duration.ofSeconds(5));
    }
}
